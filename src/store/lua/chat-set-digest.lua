-- Moves a known chat to another digest slot (or none).
-- KEYS[1] chat       the chat hash
-- KEYS[2] oldSlot    the readers of its current slot
-- KEYS[3] newSlot    the readers of the new slot
-- ARGV[1] chatId
-- ARGV[2] slot       HH:MM or off
-- Returns 1, or 0 for an unknown chat.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SREM', KEYS[2], ARGV[1])
if ARGV[2] ~= 'off' then redis.call('SADD', KEYS[3], ARGV[1]) end
redis.call('HSET', KEYS[1], 'digest', ARGV[2])
return 1
