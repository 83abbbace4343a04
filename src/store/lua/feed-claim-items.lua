-- Claims a poll's new items of one feed: each item hash not seen before is added with the time and
-- returned, all in one step, so that two workers (or a retried poll) never both draft the same item.
-- Entries older than the keep time are dropped in the same step (an item that old is past FEED_MAX_AGE).
-- KEYS[1] seen       sorted set: item hash -> first-seen ms
-- ARGV[1] now        ms
-- ARGV[2] keepMs     how long a seen item is remembered
-- ARGV[3..] items    item hashes
-- Returns the item hashes that were new.
local new = {}
for i = 3, #ARGV do
  if redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[i]) == 1 then new[#new + 1] = ARGV[i] end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
return new
