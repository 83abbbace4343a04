-- After a 429: nothing is granted before `ms` from now (an earlier pause that reaches further stays).
-- KEYS[1] state      the budget's state hash (see pace-take)
-- ARGV[1] ms         the pause
-- Returns 1.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local ms = tonumber(ARGV[1])
local old = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
redis.call('HSET', KEYS[1], 'until', string.format('%.3f', math.max(old, now + ms)))
redis.call('PEXPIRE', KEYS[1], math.ceil(ms + 60000))
return 1
