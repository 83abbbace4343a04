-- Moves a delivery's status from one of `from` to `to`, keeping the active and scheduled lists, its
-- start and finish times and its content claim in step: moving to running takes the claim (a delivery
-- of the same shared content already running or paused keeps it, and this one does not move); moving
-- to cancelled or done gives it back.
-- KEYS[1] delivery      the delivery hash
-- KEYS[2] active        the set of active (running or paused) deliveries
-- KEYS[3] scheduled     the sorted set of scheduled deliveries
-- ARGV[1] from          statuses it may move from, comma-separated
-- ARGV[2] to            the new status
-- ARGV[3] now           epoch ms
-- ARGV[4] deliveryHead  a delivery hash's key before its id (to read a claim holder's status)
-- ARGV[5] deliveryTail  and after it
-- Returns 'OK' when it moved, the current status when that is not in `from`, nil when there is none,
-- 'busy <id>' when another delivery holds the content's claim.
--- @include "content-claim"

local st = redis.call('HGET', KEYS[1], 'status')
if not st then return false end
local ok = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == st then ok = true end end
if not ok then return st end
local id = redis.call('HGET', KEYS[1], 'id')
if ARGV[2] == 'running' then
  local claim = redis.call('HGET', KEYS[1], 'claim')
  if claim then
    local holder = claimContent(claim, id, ARGV[4], ARGV[5])
    if holder then return 'busy ' .. holder end
  end
end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
if ARGV[2] == 'running' or ARGV[2] == 'paused' then redis.call('SADD', KEYS[2], id) else redis.call('SREM', KEYS[2], id) end
if ARGV[2] ~= 'scheduled' then redis.call('ZREM', KEYS[3], id) end
if ARGV[2] == 'running' and redis.call('HEXISTS', KEYS[1], 'started') == 0 then redis.call('HSET', KEYS[1], 'started', ARGV[3]) end
if ARGV[2] == 'cancelled' or ARGV[2] == 'done' then
  redis.call('HSET', KEYS[1], 'finished', ARGV[3])
  releaseContent(KEYS[1])
end
return 'OK'
