-- Stores a new delivery and lists it: running now (active) or scheduled. A delivery of content whose
-- send records are shared takes the content's claim when it starts now, atomically with its creation,
-- so that two deliveries of one briefing can never run at once; a scheduled one takes it when it starts.
-- KEYS[1] delivery      the new delivery hash
-- KEYS[2] deliveries    the sorted set of every delivery
-- KEYS[3] active        the set of active deliveries
-- KEYS[4] scheduled     the sorted set of scheduled deliveries
-- KEYS[5..] claim       the content's claim key when its send records are shared; none otherwise
-- ARGV[1] id
-- ARGV[2] now           epoch ms
-- ARGV[3] scheduledAt   epoch ms, '' to start now
-- ARGV[4] deliveryHead  a delivery hash's key before its id (to read a claim holder's status)
-- ARGV[5] deliveryTail  and after it
-- ARGV[6..] fields      field, value, field, value… of the new hash (status included)
-- Returns 'OK', or the id of the delivery already running with the content (nothing is written).
--- @include "content-claim"

local claim = KEYS[5]
if claim then
  if ARGV[3] == '' then
    local holder = claimContent(claim, ARGV[1], ARGV[4], ARGV[5])
    if holder then return holder end
  end
end
local fields = {}
for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
if claim then redis.call('HSET', KEYS[1], 'claim', claim) end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
if ARGV[3] == '' then
  redis.call('SADD', KEYS[3], ARGV[1])
else
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
end
return 'OK'
