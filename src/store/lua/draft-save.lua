-- Writes a desk draft if it is still at the version the caller read (an optimistic check, so that two
-- taps on "send now" publish once). An open draft is listed and kept; a published or discarded one
-- leaves the list and expires.
-- KEYS[1] draft      the draft hash (json, v)
-- KEYS[2] open       sorted set of open drafts
-- ARGV[1] id
-- ARGV[2] json       the draft
-- ARGV[3] expect     the version read: '' for a new draft (none may exist)
-- ARGV[4] version    the version written
-- ARGV[5] status     open | published | discarded
-- ARGV[6] score      last change, epoch ms
-- ARGV[7] ttl        seconds a closed draft is kept
-- Returns 1, or 0 when the draft changed (or exists) meanwhile.
local v = redis.call('HGET', KEYS[1], 'v')
if (v or '') ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'v', ARGV[4])
if ARGV[5] == 'open' then
  redis.call('ZADD', KEYS[2], ARGV[6], ARGV[1])
  redis.call('PERSIST', KEYS[1])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[7])
end
return 1
