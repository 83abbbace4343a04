-- Stops following a PC: both sets and the count together.
-- KEYS[1] chatPcs    the chat's PC set
-- KEYS[2] pcChats    the PC's chat set
-- KEYS[3] pcCounts   followers per PC
-- ARGV[1] pc
-- ARGV[2] chatId
-- Returns 1 when the chat followed the PC, else 0.
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SREM', KEYS[2], ARGV[2])
if tonumber(redis.call('ZINCRBY', KEYS[3], -1, ARGV[1])) <= 0 then redis.call('ZREM', KEYS[3], ARGV[1]) end
return 1
