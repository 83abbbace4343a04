-- The briefings readers of these seats read (/latest, digests): see include/audience-briefings.lua.
-- KEYS[1] national   the national index
-- ARGV[1] min        lowest score, exclusive '(<ms>' or '-inf'
-- ARGV[2] n          most ids from each index
-- ARGV[3] pcHead     a PC index is pcHead .. code .. pcTail
-- ARGV[4] pcTail
-- ARGV[5] stateHead  a state index is stateHead .. code .. stateTail
-- ARGV[6] stateTail
-- ARGV[7] acHead     an AC index is acHead .. code .. acTail
-- ARGV[8] acTail
-- ARGV[9] pcAcsHead  the index of every AC of a PC is pcAcsHead .. PC code .. pcAcsTail
-- ARGV[10] pcAcsTail
-- ARGV[11] pcAcs     1: read the ACs' index of each PC too
-- ARGV[12] max      highest score: now, epoch ms (a briefing scheduled for later waits for its time)
-- ARGV[13..] pcs     seat codes (PCs and ACs), each once
-- Returns {id, score, ...}, each id once, unsorted.
--- @include "audience-briefings"

local seats = {}
for i = 13, #ARGV do seats[#seats + 1] = ARGV[i] end
local parts = {
  pcHead = ARGV[3], pcTail = ARGV[4], stateHead = ARGV[5], stateTail = ARGV[6],
  acHead = ARGV[7], acTail = ARGV[8], pcAcsHead = ARGV[9], pcAcsTail = ARGV[10], max = ARGV[12],
}
return audienceBriefings(seats, ARGV[11] == '1', ARGV[1], tonumber(ARGV[2]), parts, KEYS[1])
