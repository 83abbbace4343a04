-- The briefings readers of these PCs read (/latest, digests): see include/audience-briefings.lua.
-- KEYS[1] national   the national index
-- ARGV[1] min        lowest score, exclusive '(<ms>' or '-inf'
-- ARGV[2] max        highest score: now, epoch ms
-- ARGV[3] n          most ids from each index
-- ARGV[4] pcHead     a PC index is pcHead .. code .. pcTail
-- ARGV[5] pcTail
-- ARGV[6] stateHead  a state index is stateHead .. code .. stateTail
-- ARGV[7] stateTail
-- ARGV[8..] pcs      PC codes, each once
-- Returns {id, score, ...}, each id once, unsorted.
--- @include "audience-briefings"

local pcs = {}
for i = 8, #ARGV do pcs[#pcs + 1] = ARGV[i] end
return audienceBriefings(pcs, ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5], ARGV[6], ARGV[7], KEYS[1])
