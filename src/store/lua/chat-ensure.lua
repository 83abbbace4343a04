-- Creates a chat when it is new, in one step: its hash, its place among all chats and in its digest slot
-- (a crash between them could leave a chat that no "everyone" broadcast or digest reaches).
-- KEYS[1] chat       the chat hash
-- KEYS[2] chats      every known chat
-- KEYS[3] slot       the readers of the default digest slot (unused when it is off)
-- KEYS[4] day        the day's counters (the web desk's charts): `new` goes up by one
-- ARGV[1] chatId
-- ARGV[2] lang
-- ARGV[3] now        epoch ms
-- ARGV[4] digest     the default slot HH:MM, or off
-- ARGV[5] dayTtl     seconds the day's counters are kept
-- Returns 1 when the chat was created, 0 when it existed.
if redis.call('HSETNX', KEYS[1], 'status', 'active') == 0 then return 0 end
redis.call('HSET', KEYS[1], 'lang', ARGV[2], 'created', ARGV[3], 'updated', ARGV[3], 'digest', ARGV[4], 'quiet', 1)
redis.call('SADD', KEYS[2], ARGV[1])
if ARGV[4] ~= 'off' then redis.call('SADD', KEYS[3], ARGV[1]) end
redis.call('HINCRBY', KEYS[4], 'new', 1)
redis.call('EXPIRE', KEYS[4], ARGV[5])
return 1
