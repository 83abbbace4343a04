-- Removes every trace of a chat: its hash, its PCs and ACs (and their chat sets and counts), its digest
-- slot, and its place in the chat sets. The per-seat and per-slot keys are built from their templates'
-- parts (store/keys.ts) as `head .. value .. tail`.
-- KEYS[1] chat       the chat hash
-- KEYS[2] chatPcs    the chat's PC set
-- KEYS[3] pcCounts   followers per PC
-- KEYS[4] chats      every known chat
-- KEYS[5] inactive   chats that cannot receive
-- KEYS[6] chatAcs    the chat's AC set
-- KEYS[7] acCounts   followers per AC
-- KEYS[8] narrow     chats that turned off the briefings around their ACs
-- KEYS[9] pcAcs      chats that asked for the briefings of their PCs' ACs
-- ARGV[1] chatId
-- ARGV[2] pcChatsHead
-- ARGV[3] pcChatsTail
-- ARGV[4] slotHead
-- ARGV[5] slotTail
-- ARGV[6] acChatsHead
-- ARGV[7] acChatsTail
-- Returns how many seats (PCs and ACs) the chat followed.
local function drop(seatsKey, countsKey, head, tail)
  local seats = redis.call('SMEMBERS', seatsKey)
  for _, seat in ipairs(seats) do
    redis.call('SREM', head .. seat .. tail, ARGV[1])
    if tonumber(redis.call('ZINCRBY', countsKey, -1, seat)) <= 0 then redis.call('ZREM', countsKey, seat) end
  end
  return #seats
end
local n = drop(KEYS[2], KEYS[3], ARGV[2], ARGV[3]) + drop(KEYS[6], KEYS[7], ARGV[6], ARGV[7])
local slot = redis.call('HGET', KEYS[1], 'digest')
if slot then redis.call('SREM', ARGV[4] .. slot .. ARGV[5], ARGV[1]) end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[6])
redis.call('SREM', KEYS[4], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
redis.call('SREM', KEYS[8], ARGV[1])
redis.call('SREM', KEYS[9], ARGV[1])
return n
