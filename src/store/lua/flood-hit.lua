-- Counts one update of a user in the current flood window, and sets the window's expiry in the same
-- step: a counter can never be left without a TTL (two commands could lose the EXPIRE on a Redis blip and
-- lock the reader out for ever). A counter found without one (left by an older version) gets it here.
-- KEYS[1] counter    the user's counter
-- ARGV[1] windowMs   length of the window
-- Returns the count in this window, this update included.
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
