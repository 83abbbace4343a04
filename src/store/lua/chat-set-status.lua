-- Sets a known chat's status and keeps the inactive set in step.
-- KEYS[1] chat       the chat hash
-- KEYS[2] inactive   chats that cannot receive
-- KEYS[3] day        the day's counters (the web desk's charts): `lost` (active → not) or `back` (→ active)
-- ARGV[1] status     active, blocked, deactivated or not-found
-- ARGV[2] now        epoch ms
-- ARGV[3] chatId
-- ARGV[4] dayTtl     seconds the day's counters are kept
-- Returns 1 when the status changed, else 0 (also for an unknown chat).
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local old = redis.call('HGET', KEYS[1], 'status')
if old == ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'updated', ARGV[2])
if old == 'active' then
  redis.call('HINCRBY', KEYS[3], 'lost', 1)
  redis.call('EXPIRE', KEYS[3], ARGV[4])
elseif ARGV[1] == 'active' then
  redis.call('HINCRBY', KEYS[3], 'back', 1)
  redis.call('EXPIRE', KEYS[3], ARGV[4])
end
if ARGV[1] == 'active' then redis.call('SREM', KEYS[2], ARGV[3]) else redis.call('SADD', KEYS[2], ARGV[3]) end
return 1
