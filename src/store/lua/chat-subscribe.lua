-- Follows a PC: both sets and the count change together or not at all; the cap is checked in the same
-- step.
-- KEYS[1] chat       the chat hash
-- KEYS[2] chatPcs    the chat's PC set
-- KEYS[3] pcChats    the PC's chat set
-- KEYS[4] pcCounts   followers per PC
-- ARGV[1] pc
-- ARGV[2] chatId
-- ARGV[3] cap        most PCs a chat may follow
-- Returns 'added', 'exists', 'cap' or 'no-chat'.
if redis.call('EXISTS', KEYS[1]) == 0 then return 'no-chat' end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'exists' end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 'cap' end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('ZINCRBY', KEYS[4], 1, ARGV[1])
return 'added'
