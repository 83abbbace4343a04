-- A reader's digest query in one call, a hundred thousand times per digest run: their PCs, their last
-- digest, and the briefings for them published since (see include/audience-briefings.lua).
-- KEYS[1] chatPcs    the chat's PC set
-- KEYS[2] chat       the chat hash
-- KEYS[3] national   the national index
-- ARGV[1] firstSince epoch ms a first digest starts after
-- ARGV[2] n          most ids from each index
-- ARGV[3] lastDigestField
-- ARGV[4] pcHead     a PC index is pcHead .. code .. pcTail
-- ARGV[5] pcTail
-- ARGV[6] stateHead  a state index is stateHead .. code .. stateTail
-- ARGV[7] stateTail
-- ARGV[8] now        highest score, epoch ms (a briefing scheduled for later waits for its time)
-- Returns {last digest or nil, PC codes, {id, score, ...} after the last digest (else firstSince)}.
--- @include "audience-briefings"

local pcs = redis.call('SMEMBERS', KEYS[1])
local last = redis.call('HGET', KEYS[2], ARGV[3])
if #pcs == 0 then return {last, pcs, {}} end
local since = ARGV[1]
if last and tonumber(last) then since = last end
local found = audienceBriefings(pcs, '(' .. since, ARGV[8], tonumber(ARGV[2]), ARGV[4], ARGV[5], ARGV[6], ARGV[7], KEYS[3])
return {last, pcs, found}
