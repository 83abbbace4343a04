-- Releases a lock or claim: deletes the key only while it still holds our value (it may have expired
-- and been taken by another process since).
-- KEYS[1] key
-- ARGV[1] value
-- Returns 1 when deleted, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
