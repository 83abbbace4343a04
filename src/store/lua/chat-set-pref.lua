-- Sets one seat preference of a chat that still exists: its id in the preference's set, or not (a
-- forgotten chat leaves no trace).
-- KEYS[1] chat       the chat hash
-- KEYS[2] prefSet    the preference's set of chat ids (chats:narrow or chats:pc-acs)
-- ARGV[1] chatId
-- ARGV[2] on         1: in the set, 0: out of it
-- Returns 1, or 0 for an unknown chat.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[2] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
return 1
