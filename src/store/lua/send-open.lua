-- What a send needs before its message, in one round trip: the chat and its send record.
-- KEYS[1] chat       the chat hash
-- KEYS[2] sent       the send records hash of the content
-- ARGV[1] chatId
-- Returns {chat hash as a flat list, record JSON or nil}.

return {redis.call('HGETALL', KEYS[1]), redis.call('HGET', KEYS[2], ARGV[1]) or false}
