-- reserveSlot(key, intervalMs): reserves the next send slot on the one Redis clock that paces every
-- worker process: `intervalMs` after the last slot, never in the past. Returns the wait until it in ms,
-- as a string (fractions kept). Used by pace-reserve and by send-open (which reserves with its read).
local function reserveSlot(key, intervalMs)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
  local last = tonumber(redis.call('GET', key) or '0')
  local slot = math.max(now, last + tonumber(intervalMs))
  redis.call('SET', key, string.format('%.3f', slot), 'PX', 60000)
  return string.format('%.3f', slot - now)
end
