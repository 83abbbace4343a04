-- Writes (or extends) one chat's send record; the hash lives `ttl` seconds after its last write.
-- KEYS[1] sent       the send records hash of the content
-- ARGV[1] chatId
-- ARGV[2] record     send record JSON
-- ARGV[3] ttl        seconds
-- Returns 1.
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
