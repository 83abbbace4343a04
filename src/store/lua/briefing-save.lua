-- Writes a briefing's next revision, if the record is still at the revision the caller read (an
-- optimistic check: the caller compared fields and numbered the revision; two writers cannot both win).
-- The id leaves the indexes of the previous revision first (its PCs or tags may have changed), so an
-- edit moves a briefing, not copies it. A withdrawn briefing is never written again.
-- Each revision is kept in the record itself, as field `r:<revision>` (who, when, what changed and the
-- briefing as it then was), so that a revision can be shown and the record stays one key.
-- KEYS[1] record     the briefing hash
-- KEYS[2..] indexes  every index the briefing belongs to now
-- ARGV[1] hash       content hash
-- ARGV[2] version    record layout version
-- ARGV[3] json       the briefing
-- ARGV[4] score      its order key (published at, or its first import), epoch ms
-- ARGV[5] id
-- ARGV[6] indexList  JSON list of the index keys (KEYS[2..]), kept for the next edit
-- ARGV[7] expectRev  the revision the caller read: '' for none (a new briefing), else its number
-- ARGV[8] rev        the revision written
-- ARGV[9] by         who made it (`file` for an import)
-- ARGV[10] entry     the revision entry (JSON); kept if one for this revision exists already (a rewrite
--                    of the same revision for a new record layout adds only what a record from before
--                    revisions lacks)
-- Returns 'created', 'updated', 'conflict' (the record moved on: read again) or 'withdrawn' (nothing written).
local old = redis.call('HMGET', KEYS[1], 'rev', 'withdrawn', 'idx', 'json')
if old[2] then return 'withdrawn' end
local current = old[1]
-- Records from before revisions were numbered are revision 1.
if not current and old[4] then current = '1' end
if (current or '') ~= ARGV[7] then return 'conflict' end
if old[3] then
  for _, k in ipairs(cjson.decode(old[3])) do redis.call('ZREM', k, ARGV[5]) end
end
for i = 2, #KEYS do redis.call('ZADD', KEYS[i], ARGV[4], ARGV[5]) end
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'v', ARGV[2], 'json', ARGV[3], 'idx', ARGV[6], 'rev', ARGV[8], 'by', ARGV[9])
redis.call('HSETNX', KEYS[1], 'r:' .. ARGV[8], ARGV[10])
if old[4] then return 'updated' end
return 'created'
