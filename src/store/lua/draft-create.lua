-- Creates a desk draft under a new id, once per origin: a feed item or an API call's external id that
-- already made a draft (still readable) gets that draft's id back, and nothing is written (two workers
-- polling one feed, or a CMS retrying a call, make one draft).
-- KEYS[1] draft      the new draft's hash
-- KEYS[2] open       sorted set of open drafts
-- KEYS[3] origin     string: the id of the draft made from this origin
-- ARGV[1] id
-- ARGV[2] json       the draft
-- ARGV[3] score      its creation time, epoch ms
-- ARGV[4] ttl        seconds an origin is remembered
-- ARGV[5] draftHead  a draft's hash is draftHead .. id .. draftTail
-- ARGV[6] draftTail
-- Returns {'created', id}, {'exists', id of the origin's draft}, or {'taken', ''} when the id is in use.
local known = redis.call('GET', KEYS[3])
if known and redis.call('EXISTS', ARGV[5] .. known .. ARGV[6]) == 1 then return {'exists', known} end
if redis.call('EXISTS', KEYS[1]) == 1 then return {'taken', ''} end
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'v', '1')
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[4])
return {'created', ARGV[1]}
