-- Takes up to `want` sends from the budget of every process sending under one Telegram limit, at
-- Redis's `now`. Two rules:
-- * the guard, a sliding window: no `windowMs` holds more than `limit` grants (the log keeps one entry
--   "<time> <n>" per grant), and `spare` of them stay free for callers with no spare (replies), which
--   others cannot take;
-- * the pace, a virtual schedule (GCRA): grants are spaced `intervalMs` apart (`tat`, the next one's
--   time), and a caller that fell behind may catch up by at most `toleranceMs`. A reply is not held to
--   the schedule, but moves it on by one interval: the broadcast yields it one slot.
-- KEYS[1] state      hash: count (grants in the window), tat, until (no grant before it, after a 429)
-- KEYS[2] log        list of grants, oldest first
-- ARGV[1] limit
-- ARGV[2] windowMs
-- ARGV[3] intervalMs
-- ARGV[4] toleranceMs
-- ARGV[5] want
-- ARGV[6] spare      sends of the window left for replies (1 for a broadcast sharing the limit, else 0)
-- ARGV[7] reply      1: a reply (takes the spare, not held to the schedule)
-- ARGV[8] giveBack   "<time> <n>": an earlier grant of this caller that was never used (it was read
--                    too late to send on time); taken out of the window and the schedule first. "" none
-- Returns "<granted> <now> <retry>": sends granted at `now` (ms since the epoch, Redis's clock) and,
-- when fewer than wanted were, the ms until the next one frees (-1: all granted).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local tolerance = tonumber(ARGV[4])
local want = tonumber(ARGV[5])
local spare = tonumber(ARGV[6])
local reply = ARGV[7] == '1'
if reply then spare = 0 end
local st = redis.call('HMGET', KEYS[1], 'count', 'until', 'tat')
local count = tonumber(st[1] or '0')
local paused = tonumber(st[2] or '0')
local tat = math.max(now, tonumber(st[3] or '0'))
if paused > now then return string.format('0 %.3f %.3f', now, paused - now) end

if ARGV[8] ~= '' and redis.call('LREM', KEYS[2], 1, ARGV[8]) == 1 then
  local n = tonumber(string.sub(ARGV[8], string.find(ARGV[8], ' ', 1, true) + 1))
  count = count - n
  tat = math.max(now, tat - n * interval)
end

-- Forget the grants that have left the window.
local head
while true do
  head = redis.call('LINDEX', KEYS[2], 0)
  if not head then
    count = 0
    break
  end
  local sp = string.find(head, ' ', 1, true)
  if tonumber(string.sub(head, 1, sp - 1)) > now - window then break end
  redis.call('LPOP', KEYS[2])
  count = count - tonumber(string.sub(head, sp + 1))
end
if count < 0 then count = 0 end

local byWindow = limit - spare - count
local granted = math.min(want, byWindow)
if not reply then granted = math.min(granted, math.floor((now + tolerance - tat) / interval) + 1) end
granted = math.max(0, granted)
if granted > 0 then
  redis.call('RPUSH', KEYS[2], string.format('%.3f %d', now, granted))
  count = count + granted
  tat = tat + granted * interval
end
redis.call('HSET', KEYS[1], 'count', count, 'tat', string.format('%.3f', tat))
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 2 + 60000))
redis.call('PEXPIRE', KEYS[2], math.ceil(window * 2 + 60000))

local retry = -1
if granted < want then
  -- The later of: the oldest grant leaving the window (when the window is full), the schedule's next slot.
  retry = 0
  if granted >= byWindow then
    head = redis.call('LINDEX', KEYS[2], 0)
    if head then
      local sp = string.find(head, ' ', 1, true)
      retry = tonumber(string.sub(head, 1, sp - 1)) + window - now
    end
  end
  if not reply then retry = math.max(retry, tat - tolerance - now) end
  retry = math.max(retry, 0.1)
end
return string.format('%d %.3f %.3f', granted, now, retry)
