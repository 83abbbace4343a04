-- After a 429: no slot is reserved before `ms` from now (an earlier pause that reaches further stays).
-- KEYS[1] pace       the slot key
-- ARGV[1] ms         the pause
-- Returns 1.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('SET', KEYS[1], string.format('%.3f', math.max(last, now + tonumber(ARGV[1]))), 'PX', 60000 + tonumber(ARGV[1]))
return 1
