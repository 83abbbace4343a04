-- One page of one source of a delivery's audience, as the fan-out enqueues it: SSCAN of the source's
-- set, then only the chats that can receive, that the source's filter admits, and for whom this is the
-- first source of the target that reaches them (so a reader of two seats a briefing is for is enqueued
-- and counted once, by the earliest source). With a few earlier sources (a seat briefing) that is asked
-- of their sets directly; with many (a state's 80 PCs and 403 ACs) of the chat's own seat sets. The
-- chat-PCs and chat-ACs keys are built from their templates' parts (store/keys.ts) as `head .. id .. tail`;
-- the sources' set keys come with them.
-- KEYS[1] set        the source's chat set
-- KEYS[2] inactive   chats that cannot receive
-- KEYS[3] narrow     chats that turned off the briefings of the PC and state around their ACs
-- KEYS[4] pcAcs      chats that asked for the briefings of their PCs' ACs
-- ARGV[1] cursor
-- ARGV[2] count      SSCAN COUNT
-- ARGV[3] index      this source's place in the list below (1-based)
-- ARGV[4] pcsHead
-- ARGV[5] pcsTail
-- ARGV[6] acsHead
-- ARGV[7] acsTail
-- ARGV[8..] sources every source of the target in order, `<kind>|<code>|<filter>|<set key>`: kind `pc`,
--                    `ac` or `set` (a set not tied to a seat), filter '' (everyone), `wide` (not readers
--                    who turned off the briefings of their PC and state) or `pcAcs` (only readers who
--                    asked for the briefings of their PC's ACs)
-- Returns {next cursor, {chat id, ...}}.
local index = tonumber(ARGV[3])
-- Up to this many earlier sources, membership is asked of their sets (one SISMEMBER each).
local DIRECT = 8
local sources, setKeys, bySeat = {}, {}, {}
for i = 8, #ARGV do
  local kind, code, filter, key = string.match(ARGV[i], '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
  local n = i - 7
  sources[n] = filter
  setKeys[n] = key
  if kind == 'pc' or kind == 'ac' then
    local key = kind .. '|' .. code
    bySeat[key] = bySeat[key] or {}
    table.insert(bySeat[key], { n, filter })
  end
end
local own = sources[index] or ''

-- The chat being looked at, and whether a filter admits it (each preference read once, when needed).
local chat, narrow, pcAcs
local function admits(filter)
  if filter == '' then return true end
  if filter == 'wide' then
    if narrow == nil then narrow = redis.call('SISMEMBER', KEYS[3], chat) == 1 end
    return not narrow
  end
  if pcAcs == nil then pcAcs = redis.call('SISMEMBER', KEYS[4], chat) == 1 end
  return pcAcs
end
-- Whether an earlier source of this target reaches chat `id`, asked of those sources' sets.
local function earlierDirect(id)
  for j = 1, index - 1 do
    if redis.call('SISMEMBER', setKeys[j], id) == 1 and admits(sources[j]) then return true end
  end
  return false
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
    chat, narrow, pcAcs = id, nil, nil
    local keep = admits(own)
    if keep and index > 1 then
      if index - 1 <= DIRECT then
        keep = not earlierDirect(id)
      else
        keep = not (earlier('pc', redis.call('SMEMBERS', ARGV[4] .. id .. ARGV[5]))
          or earlier('ac', redis.call('SMEMBERS', ARGV[6] .. id .. ARGV[7])))
      end
    end
    if keep then out[#out + 1] = id end
  end
end
return { reply[1], out }
