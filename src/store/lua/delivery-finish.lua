-- Counts the outcomes of one or more recipients of one delivery (the sends of a group that ended in the
-- same turn of a worker's event loop), each once, and closes the delivery when the last was counted.
-- For each recipient, first, whatever the count says: writes the chat's send record (even for a
-- repeat: the message was sent) and the content kind's chat field, e.g. a digest's lastDigest (only for
-- a chat that still exists). Then takes the chat out of its send group (it is done with, whatever the
-- count says), counts it only if it was still pending (it moves to the finished set) and keeps the
-- reason. Closes out once, after all of them.
-- KEYS[1] delivery   the delivery hash
-- KEYS[2] pending    its pending set
-- KEYS[3] reasons    its failure reasons hash
-- KEYS[4] sent       the send records hash of the content (untouched without a record)
-- KEYS[5] finished   its finished set
-- KEYS[6] active     the set of active deliveries
-- KEYS[7..] group    the recipients' send group set; none for a legacy per-chat job
-- ARGV[1] now        epoch ms
-- ARGV[2] recordTtl  seconds the records hash lives after its last write
-- ARGV[3] chatHead   a chat hash's key before its id (store/keys.ts chat)
-- ARGV[4] chatTail   and after it
-- ARGV[5..] entries  six values per recipient: outcome (the counter: sent, blocked, failed or skipped),
--                    chatId, reason ('' none), record (send record JSON, '' none), chatField (a field
--                    of the chat hash to set with the record, '' none), chatValue
-- Returns one reply per recipient, in order: 'repeat' (counted before), 'done' (the one whose count
-- closed the delivery) or 'ok'.
--- @include "close-if-done"

local out = {}
local last = nil
local wroteRecord = false
for i = 5, #ARGV, 6 do
  local outcome, chatId, reason, record = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local field, value = ARGV[i + 4], ARGV[i + 5]
  if record ~= '' then
    redis.call('HSET', KEYS[4], chatId, record)
    wroteRecord = true
  end
  if value ~= '' then
    local chat = ARGV[3] .. chatId .. ARGV[4]
    if redis.call('EXISTS', chat) == 1 then redis.call('HSET', chat, field, value) end
  end
  if KEYS[7] then redis.call('SREM', KEYS[7], chatId) end
  if redis.call('SMOVE', KEYS[2], KEYS[5], chatId) == 0 then
    out[#out + 1] = 'repeat'
  else
    redis.call('HINCRBY', KEYS[1], outcome, 1)
    if reason ~= '' then redis.call('HINCRBY', KEYS[3], reason, 1) end
    out[#out + 1] = 'ok'
    last = #out
  end
end
if wroteRecord then redis.call('EXPIRE', KEYS[4], ARGV[2]) end
if last and closeIfDone(KEYS[1], KEYS[2], KEYS[5], KEYS[6], ARGV[1]) == 'done' then out[last] = 'done' end
return out
