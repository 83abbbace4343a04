-- Takes an erased reader's id out of the audit: their denied attempts are added to the anonymous count
-- and their own counter removed; list entries they made keep the action but not the id.
-- KEYS[1] audit      the list of admin actions (JSON lines)
-- KEYS[2] denied     hash: user id → denied attempts
-- ARGV[1] who        the user id as the audit writes it
-- ARGV[2] anonymous  the hash field counting erased users' attempts
-- ARGV[3] replacement the `who` written instead of the id
-- Returns how many list entries and counted attempts were anonymized.
local changed = 0
local n = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if n > 0 then
  redis.call('HINCRBY', KEYS[2], ARGV[2], n)
  redis.call('HDEL', KEYS[2], ARGV[1])
  changed = changed + n
end
local needle = '"who":"' .. ARGV[1] .. '"'
local lines = redis.call('LRANGE', KEYS[1], 0, -1)
for i, line in ipairs(lines) do
  local at = string.find(line, needle, 1, true)
  if at then
    local fixed = string.sub(line, 1, at - 1) .. '"who":"' .. ARGV[3] .. '"' .. string.sub(line, at + #needle)
    redis.call('LSET', KEYS[1], i - 1, fixed)
    changed = changed + 1
  end
end
return changed
