-- Counts one recipient's outcome, once, and closes the delivery when it was the last. First, whatever
-- the count says: writes the chat's send record (even for a repeat: the message was sent) and the
-- content kind's chat field, e.g. a digest's lastDigest (only for a chat that still exists). Then takes
-- the chat out of its send group (it is done with, whatever the count says), counts it only if it was
-- still pending (it moves to the finished set), keeps the reason, and closes out.
-- KEYS[1] delivery   the delivery hash
-- KEYS[2] pending    its pending set
-- KEYS[3] reasons    its failure reasons hash
-- KEYS[4] sent       the send records hash of the content (untouched without a record)
-- KEYS[5] chat       the chat hash
-- KEYS[6] finished   its finished set
-- KEYS[7] active     the set of active deliveries
-- KEYS[8..] group    the chat's send group set; none for a legacy per-chat job
-- ARGV[1] outcome    the counter: sent, blocked, failed or skipped
-- ARGV[2] chatId
-- ARGV[3] now        epoch ms
-- ARGV[4] reason     failure reason, '' for none
-- ARGV[5] record     send record JSON, '' for none
-- ARGV[6] recordTtl  seconds the records hash lives after its last write
-- ARGV[7] chatField  a field of the chat hash to set with the record, '' for none
-- ARGV[8] chatValue  its value, '' for none
-- Returns 'repeat' (counted before), 'done' (this closed the delivery) or 'ok'.
--- @include "close-if-done"

if ARGV[5] ~= '' then
  redis.call('HSET', KEYS[4], ARGV[2], ARGV[5])
  redis.call('EXPIRE', KEYS[4], ARGV[6])
end
if ARGV[8] ~= '' and redis.call('EXISTS', KEYS[5]) == 1 then redis.call('HSET', KEYS[5], ARGV[7], ARGV[8]) end
if KEYS[8] then redis.call('SREM', KEYS[8], ARGV[2]) end
if redis.call('SMOVE', KEYS[2], KEYS[6], ARGV[2]) == 0 then return 'repeat' end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if ARGV[4] ~= '' then redis.call('HINCRBY', KEYS[3], ARGV[4], 1) end
return closeIfDone(KEYS[1], KEYS[2], KEYS[6], KEYS[7], ARGV[3])
