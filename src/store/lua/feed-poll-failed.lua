-- Records a failed poll of a feed: counts the failure in a row, keeps the time the failures began
-- (the health line's "since"), and sets when the next poll may run (the caller's backoff).
-- KEYS[1] state      the feed's state hash
-- ARGV[1] now        ms
-- ARGV[2] status     what went wrong (problem code)
-- ARGV[3] httpStatus HTTP status or ''
-- ARGV[4] baseMs     the feed's poll interval
-- ARGV[5] maxMs      longest backoff
-- Returns the failures in a row, this one included.
local n = redis.call('HINCRBY', KEYS[1], 'failures', 1)
redis.call('HSETNX', KEYS[1], 'failingSince', ARGV[1])
local wait = tonumber(ARGV[4]) * (2 ^ math.min(n - 1, 20))
if wait > tonumber(ARGV[5]) then wait = tonumber(ARGV[5]) end
redis.call('HSET', KEYS[1], 'lastPoll', ARGV[1], 'status', ARGV[2], 'httpStatus', ARGV[3],
  'nextAt', string.format('%d', math.floor(tonumber(ARGV[1]) + wait)))
return n
