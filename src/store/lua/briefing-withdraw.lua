-- Withdraws a briefing in one step: out of every index it is in (the list its record keeps), and no
-- longer readable (its text moves from `json` to `withdrawn_json`, with the time). One script, so that
-- an import rewriting the record cannot interleave, and no WATCH is left on a shared connection.
-- KEYS[1] record     the briefing hash
-- ARGV[1] id
-- ARGV[2] at         withdrawal time, epoch ms
-- Returns 1, or 0 when no readable briefing has this id (unknown, or already withdrawn).
local rec = redis.call('HMGET', KEYS[1], 'json', 'idx')
if not rec[1] then return 0 end
if rec[2] then
  for _, k in ipairs(cjson.decode(rec[2])) do redis.call('ZREM', k, ARGV[1]) end
end
redis.call('HSET', KEYS[1], 'withdrawn', ARGV[2], 'withdrawn_json', rec[1])
redis.call('HDEL', KEYS[1], 'json')
return 1
