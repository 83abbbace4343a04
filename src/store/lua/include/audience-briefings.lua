-- audienceBriefings(seats, pcAcs, min, n, parts, national): what a reader of these seats reads: the
-- briefings of each seat's index (a PC's or an AC's), of the states of the PCs as a whole, of every AC
-- of each PC when `pcAcs` is true, and national ones, scored above `min` (a ZRANGE bound: '(<ms>' or
-- '-inf') and at most `parts.max` (now: a briefing scheduled for later is not readable before its time),
-- at most `n` from each index. Returns a flat {id, score, ...} list, each id once, unsorted
-- (the caller sorts: Redis runs one script at a time).
-- `seats` holds PC codes (`UP-16`) and AC codes (`UP-A80`, told apart by the `A`). `parts` holds the
-- index keys' heads and tails (store/keys.ts): an index key is head .. code .. tail, for `pc`, `ac`,
-- `pcAcs` and `state`; `parts.max` is the highest score read. A PC's state is its code before the last '-' (stateOfPc in briefings/types.ts). An
-- AC brings no state of its own: a reader who wants its PC and state gets its PC in `seats`.
local function audienceBriefings(seats, pcAcs, min, n, parts, national)
  local keys, states = {}, {}
  for _, seat in ipairs(seats) do
    if string.match(seat, '%-A%d+$') then
      keys[#keys + 1] = parts.acHead .. seat .. parts.acTail
    else
      keys[#keys + 1] = parts.pcHead .. seat .. parts.pcTail
      if pcAcs then keys[#keys + 1] = parts.pcAcsHead .. seat .. parts.pcAcsTail end
      local st = string.match(seat, '^(.+)%-[^%-]*$') or seat
      if not states[st] then
        states[st] = true
        keys[#keys + 1] = parts.stateHead .. st .. parts.stateTail
      end
    end
  end
  keys[#keys + 1] = national
  local seen, out = {}, {}
  for _, key in ipairs(keys) do
    local r = redis.call('ZREVRANGEBYSCORE', key, parts.max, min, 'WITHSCORES', 'LIMIT', 0, n)
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
