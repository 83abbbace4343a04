-- audienceBriefings(pcs, min, max, n, pcHead, pcTail, stateHead, stateTail, national): what a reader of
-- these PCs reads: the briefings of each PC's index, of each of their states as a whole, and national
-- ones, scored above `min` (a ZRANGE bound: '(<ms>' or '-inf') and at most `max` (now: a briefing
-- scheduled for later is not readable before its time), at most `n` from each index. Returns a flat
-- {id, score, ...} list, each id once, unsorted (the caller sorts: Redis runs one script at a time).
-- An index key is head .. code .. tail (store/keys.ts); a PC's state is its code before the last '-'
-- (stateOfPc in briefings/types.ts).
local function audienceBriefings(pcs, min, max, n, pcHead, pcTail, stateHead, stateTail, national)
  local keys, states = {}, {}
  for _, pc in ipairs(pcs) do
    keys[#keys + 1] = pcHead .. pc .. pcTail
    local st = string.match(pc, '^(.+)%-[^%-]*$') or pc
    if not states[st] then
      states[st] = true
      keys[#keys + 1] = stateHead .. st .. stateTail
    end
  end
  keys[#keys + 1] = national
  local seen, out = {}, {}
  for _, key in ipairs(keys) do
    local r = redis.call('ZREVRANGEBYSCORE', key, max, min, 'WITHSCORES', 'LIMIT', 0, n)
    for i = 1, #r, 2 do
      if not seen[r[i]] then
        seen[r[i]] = true
        out[#out + 1] = r[i]
        out[#out + 1] = r[i + 1]
      end
    end
  end
  return out
end
