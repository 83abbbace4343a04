-- Sets one field of a chat that still exists (a forgotten chat leaves no trace).
-- KEYS[1] chat       the chat hash
-- ARGV[1] field
-- ARGV[2] value
-- Returns 1, or 0 for an unknown chat.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
