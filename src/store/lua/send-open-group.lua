-- What the sends of one group need before their messages, in one round trip for the whole group: each
-- chat's hash and its send record for the content.
-- KEYS[1] sent       the send records hash of the content
-- ARGV[1] chatHead   a chat hash's key before its id (store/keys.ts chat)
-- ARGV[2] chatTail   and after it
-- ARGV[3..] chatIds
-- Returns one {chat hash as a flat list, record JSON or nil} per chat, in the order given.
local out = {}
for i = 3, #ARGV do
  out[#out + 1] = {redis.call('HGETALL', ARGV[1] .. ARGV[i] .. ARGV[2]), redis.call('HGET', KEYS[1], ARGV[i]) or false}
end
return out
