-- One page of one source of a delivery's audience, as the fan-out enqueues it: SSCAN of the source's
-- set, then only the chats that can receive, that the source's filter admits, and for whom this is the
-- first source of the target that reaches them (so a reader of two seats a briefing is for is enqueued
-- and counted once, by the earliest source). The chat, chat-PCs and chat-ACs keys are built from their
-- templates' parts (store/keys.ts) as `head .. id .. tail`.
-- KEYS[1] set        the source's chat set
-- KEYS[2] inactive   chats that cannot receive
-- ARGV[1] cursor
-- ARGV[2] count      SSCAN COUNT
-- ARGV[3] index      this source's place in the list below (1-based)
-- ARGV[4] chatHead
-- ARGV[5] chatTail
-- ARGV[6] pcsHead
-- ARGV[7] pcsTail
-- ARGV[8] acsHead
-- ARGV[9] acsTail
-- ARGV[10..] sources every source of the target in order, `<kind>|<code>|<filter>`: kind `pc`, `ac` or
--                    `set` (a set not tied to a seat), filter '' (everyone), `wide` (not readers who
--                    turned off the briefings of their PC and state) or `pcAcs` (only readers who asked
--                    for the briefings of their PC's ACs)
-- Returns {next cursor, {chat id, ...}}.
local index = tonumber(ARGV[3])
local sources, bySeat = {}, {}
for i = 10, #ARGV do
  local kind, code, filter = string.match(ARGV[i], '^([^|]*)|([^|]*)|(.*)$')
  local n = i - 9
  sources[n] = filter
  if kind == 'pc' or kind == 'ac' then
    local key = kind .. '|' .. code
    bySeat[key] = bySeat[key] or {}
    table.insert(bySeat[key], { n, filter })
  end
end
local own = sources[index] or ''

-- The chat being looked at and its preference flags (read once, only when a filter needs them).
local chat, flags
local function admits(filter)
  if filter == '' then return true end
  if not flags then flags = redis.call('HMGET', chat, 'wide', 'pcAcs') end
  if filter == 'wide' then return flags[1] ~= '0' end
  return flags[2] == '1'
end
-- Whether an earlier source of this target reaches the chat through one of these seats of its own.
local function earlier(kind, seats)
  for _, seat in ipairs(seats) do
    for _, s in ipairs(bySeat[kind .. '|' .. seat] or {}) do
      if s[1] < index and admits(s[2]) then return true end
    end
  end
  return false
end

local reply = redis.call('SSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[2])
local out = {}
for _, id in ipairs(reply[2]) do
  if redis.call('SISMEMBER', KEYS[2], id) == 0 then
    chat, flags = ARGV[4] .. id .. ARGV[5], nil
    local keep = admits(own)
    if keep and index > 1 then
      keep = not (earlier('pc', redis.call('SMEMBERS', ARGV[6] .. id .. ARGV[7]))
        or earlier('ac', redis.call('SMEMBERS', ARGV[8] .. id .. ARGV[9])))
    end
    if keep then out[#out + 1] = id end
  end
end
return { reply[1], out }
