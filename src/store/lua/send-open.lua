-- What a send needs before its message, in one round trip: the chat and its send record and, when a
-- message will go out (the chat is active and its record is not complete), the next send slot.
-- KEYS[1] chat       the chat hash
-- KEYS[2] sent       the send records hash of the content
-- KEYS[3] pace       the pacer's slot key
-- ARGV[1] chatId
-- ARGV[2] intervalMs slot spacing; 0 reserves nothing
-- Returns {chat hash as a flat list, record JSON or nil, wait in ms as a string or nil}.
--- @include "reserve-slot"

local h = redis.call('HGETALL', KEYS[1])
local rec = redis.call('HGET', KEYS[2], ARGV[1])
local wait = false
if tonumber(ARGV[2]) > 0 then
  local active = false
  for i = 1, #h, 2 do if h[i] == 'status' then active = h[i + 1] == 'active' end end
  if active and rec then
    local r = cjson.decode(rec)
    if #r.messageIds >= r.parts then active = false end
  end
  if active then wait = reserveSlot(KEYS[3], ARGV[2]) end
end
return {h, rec or false, wait}
