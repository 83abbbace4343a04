-- The briefings readers of these PCs read (/latest, digests): see include/audience-briefings.lua.
-- KEYS[1] national   the national index
-- ARGV[1] min        lowest score, exclusive '(<ms>' or '-inf'
-- ARGV[2] n          most ids from each index
-- ARGV[3] pcHead     a PC index is pcHead .. code .. pcTail
-- ARGV[4] pcTail
-- ARGV[5] stateHead  a state index is stateHead .. code .. stateTail
-- ARGV[6] stateTail
-- ARGV[7..] pcs      PC codes, each once
-- Returns {id, score, ...}, each id once, unsorted.
--- @include "audience-briefings"

local pcs = {}
for i = 7, #ARGV do pcs[#pcs + 1] = ARGV[i] end
return audienceBriefings(pcs, ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5], ARGV[6], KEYS[1])
