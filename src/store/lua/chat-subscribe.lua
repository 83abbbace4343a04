-- Follows a seat (a PC or an AC): both sets and the count change together or not at all; the cap, on
-- the seats of both kinds together, is checked in the same step.
-- KEYS[1] chat        the chat hash
-- KEYS[2] chatSeats   the chat's seat set of this kind (its PCs, or its ACs)
-- KEYS[3] seatChats   the seat's chat set
-- KEYS[4] seatCounts  followers per seat of this kind
-- KEYS[5] otherSeats  the chat's seat set of the other kind (counted towards the cap)
-- ARGV[1] seat        the seat's code
-- ARGV[2] chatId
-- ARGV[3] cap         most seats a chat may follow
-- Returns 'added', 'exists', 'cap' or 'no-chat'.
if redis.call('EXISTS', KEYS[1]) == 0 then return 'no-chat' end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'exists' end
if redis.call('SCARD', KEYS[2]) + redis.call('SCARD', KEYS[5]) >= tonumber(ARGV[3]) then return 'cap' end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('ZINCRBY', KEYS[4], 1, ARGV[1])
return 'added'
