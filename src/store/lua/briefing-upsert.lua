-- Stores a briefing, idempotent by content hash and record version. The id leaves the indexes of the
-- previous version first (its PCs or tags may have changed), so an edit moves a briefing, not copies it.
-- A withdrawn briefing is never written again: editing its file must not republish it silently.
-- KEYS[1] record     the briefing hash
-- KEYS[2..] indexes  every index the briefing belongs to now; KEYS[2] is the index of all briefings
-- ARGV[1] hash       content hash
-- ARGV[2] version    record layout version
-- ARGV[3] json       the briefing
-- ARGV[4] score      published at, epoch ms
-- ARGV[5] id
-- ARGV[6] indexList  JSON list of the index keys (KEYS[2..]), kept for the next edit
-- ARGV[7] keepScore  '1' when the briefing has no publication time: ARGV[4] is then only its import time,
--                    and a stored briefing keeps the score it has (its first import, or its former
--                    publication time), in the indexes and in the JSON's publishedMs, so a re-import or an
--                    edit never moves it to the top.
-- Returns 'created', 'updated', 'unchanged' or 'withdrawn' (nothing written).
local old = redis.call('HMGET', KEYS[1], 'hash', 'v', 'idx', 'withdrawn')
if old[4] then return 'withdrawn' end
if old[1] == ARGV[1] and old[2] == ARGV[2] then return 'unchanged' end
local score, json = ARGV[4], ARGV[3]
if ARGV[7] == '1' and old[1] then
  local kept = redis.call('ZSCORE', KEYS[2], ARGV[5])
  if kept then
    score = string.format('%.0f', tonumber(kept))
    -- JSON.stringify writes the key once, at the top level, as "publishedMs":<digits>; inside a JSON
    -- string every quote is escaped, so this pattern cannot match text from the file.
    json = (string.gsub(json, '"publishedMs":%-?%d+', '"publishedMs":' .. score, 1))
  end
end
if old[3] then
  for _, k in ipairs(cjson.decode(old[3])) do redis.call('ZREM', k, ARGV[5]) end
end
for i = 2, #KEYS do redis.call('ZADD', KEYS[i], score, ARGV[5]) end
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'v', ARGV[2], 'json', json, 'idx', ARGV[6])
if old[1] then return 'updated' end
return 'created'
