-- Removes every trace of a chat: its hash, its PCs (and their chat sets and counts), its digest slot,
-- and its place in the chat sets. The per-PC and per-slot keys are built from their templates' parts
-- (store/keys.ts) as `head .. value .. tail`.
-- KEYS[1] chat       the chat hash
-- KEYS[2] chatPcs    the chat's PC set
-- KEYS[3] pcCounts   followers per PC
-- KEYS[4] chats      every known chat
-- KEYS[5] inactive   chats that cannot receive
-- ARGV[1] chatId
-- ARGV[2] pcChatsHead
-- ARGV[3] pcChatsTail
-- ARGV[4] slotHead
-- ARGV[5] slotTail
-- Returns how many PCs the chat followed.
local pcs = redis.call('SMEMBERS', KEYS[2])
for _, pc in ipairs(pcs) do
  redis.call('SREM', ARGV[2] .. pc .. ARGV[3], ARGV[1])
  if tonumber(redis.call('ZINCRBY', KEYS[3], -1, pc)) <= 0 then redis.call('ZREM', KEYS[3], pc) end
end
local slot = redis.call('HGET', KEYS[1], 'digest')
if slot then redis.call('SREM', ARGV[4] .. slot .. ARGV[5], ARGV[1]) end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[4], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
return #pcs
