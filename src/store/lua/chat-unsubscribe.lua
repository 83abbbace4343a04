-- Stops following a seat (a PC or an AC): both sets and the count together.
-- KEYS[1] chatSeats   the chat's seat set of this kind
-- KEYS[2] seatChats   the seat's chat set
-- KEYS[3] seatCounts  followers per seat of this kind
-- ARGV[1] seat        the seat's code
-- ARGV[2] chatId
-- Returns 1 when the chat followed the seat, else 0.
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SREM', KEYS[2], ARGV[2])
if tonumber(redis.call('ZINCRBY', KEYS[3], -1, ARGV[1])) <= 0 then redis.call('ZREM', KEYS[3], ARGV[1]) end
return 1
