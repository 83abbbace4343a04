-- Takes up to `want` sends from the budget of every process sending under one Telegram limit, at
-- Redis's `now`. Two rules:
-- * the guard, a sliding window: no `windowMs` holds more than `limit` grants (the log keeps one entry
--   "<time> <n>" per grant), and `spare` of them stay free, which only replies may take. While a reply
--   waits for a slot (the window was full when it asked), it holds a claim (`rq`, until when) and every
--   other caller leaves one more send of the window free for it, so the next slot to free is the reply's;
-- * the pace, a virtual schedule (GCRA): grants are spaced `intervalMs` apart (`tat`, the next one's
--   time), and a caller that fell behind may catch up by at most `toleranceMs`. A reply is not held to
--   the schedule, but moves it on by one interval: the broadcast yields it one slot.
-- KEYS[1] state      hash: tat, until (no grant before it, after a 429), w and wAt (the widest window
--                    asked for lately, and when), rq (a waiting reply's claim: until when, Redis ms)
-- KEYS[2] log        list of grants, oldest first
-- ARGV[1] limit
-- ARGV[2] windowMs
-- ARGV[3] intervalMs
-- ARGV[4] toleranceMs
-- ARGV[5] want
-- ARGV[6] spare      sends of the window this caller leaves free: for the rare send that arrives
--                    later than the measured spread (a reply takes them)
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
local st = redis.call('HMGET', KEYS[1], 'until', 'tat', 'w', 'wAt', 'rq')
local paused = tonumber(st[1] or '0')
local tat = math.max(now, tonumber(st[2] or '0'))
-- Every caller measures its own spread; the widest window asked for in the last 1.5 s holds for all (a
-- caller that measures it still asks for it with each request; one that measured a stall at its start
-- and no longer does is not followed for long).
local sharedW = tonumber(st[3] or '0')
local sharedAt = tonumber(st[4] or '0')
if window >= sharedW or now - sharedAt > 1500 then
  sharedW = window
  sharedAt = now
end
window = sharedW
interval = math.max(interval, window / limit)
-- A reply is waiting for the next slot to free: it is not ours to take.
if not reply and tonumber(st[5] or '0') > now then spare = spare + 1 end
local count
if paused > now then return string.format('0 %.3f %.3f', now, paused - now) end

if ARGV[8] ~= '' and redis.call('LREM', KEYS[2], 1, ARGV[8]) == 1 then
  local n = tonumber(string.sub(ARGV[8], string.find(ARGV[8], ' ', 1, true) + 1))
  tat = math.max(now, tat - n * interval)
end

-- Forget the grants older than any caller's window (1.5 s at most), then count those inside this
-- caller's window (callers measure their own spread, so windows differ a little).
local head
while true do
  head = redis.call('LINDEX', KEYS[2], 0)
  if not head then break end
  local sp = string.find(head, ' ', 1, true)
  if tonumber(string.sub(head, 1, sp - 1)) > now - 1500 then break end
  redis.call('LPOP', KEYS[2])
end
count = 0
local oldestInside = nil
for _, e in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local sp = string.find(e, ' ', 1, true)
  local at = tonumber(string.sub(e, 1, sp - 1))
  if at > now - window then
    count = count + tonumber(string.sub(e, sp + 1))
    if not oldestInside then oldestInside = at end
  end
end

local byWindow = limit - spare - count
local granted = math.min(want, byWindow)
if not reply then granted = math.min(granted, math.floor((now + tolerance - tat) / interval) + 1) end
granted = math.max(0, granted)
if granted > 0 then
  redis.call('RPUSH', KEYS[2], string.format('%.3f %d', now, granted))
  count = count + granted
  tat = tat + granted * interval
end
redis.call('HSET', KEYS[1], 'tat', string.format('%.3f', tat), 'w', sharedW, 'wAt', string.format('%.3f', sharedAt))
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 2 + 60000))
redis.call('PEXPIRE', KEYS[2], math.ceil(window * 2 + 60000))

local retry = -1
if granted < want then
  -- The later of: the oldest grant leaving the window (when the window is full), the schedule's next slot.
  retry = 0
  if granted >= byWindow and oldestInside then retry = oldestInside + window - now end
  if not reply then retry = math.max(retry, tat - tolerance - now) end
  retry = math.max(retry, 0.1)
end
if reply then
  -- Claim the next slot to free until a little after this reply asks again; granted, the claim ends.
  if granted < want then
    redis.call('HSET', KEYS[1], 'rq', string.format('%.3f', now + retry + 100))
  else
    redis.call('HDEL', KEYS[1], 'rq')
  end
end
return string.format('%d %.3f %.3f', granted, now, retry)
