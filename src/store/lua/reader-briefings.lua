-- A reader's digest query in one call, a hundred thousand times per digest run: their seats, their
-- last digest and preferences, and the briefings for their seats published since (see
-- include/audience-briefings.lua). The briefings of the PCs around their ACs (preference `wide`) are not
-- in it: the script cannot tell an AC's PC, so the caller asks for those with briefings-for-pcs.
-- KEYS[1] chatPcs    the chat's PC set
-- KEYS[2] chat       the chat hash
-- KEYS[3] national   the national index
-- KEYS[4] chatAcs    the chat's AC set
-- KEYS[5] narrow     chats that turned off the briefings around their ACs
-- KEYS[6] pcAcs      chats that asked for the briefings of their PCs' ACs
-- ARGV[1] firstSince epoch ms a first digest starts after
-- ARGV[2] n          most ids from each index
-- ARGV[3] lastDigestField
-- ARGV[4] pcHead     a PC index is pcHead .. code .. pcTail
-- ARGV[5] pcTail
-- ARGV[6] stateHead  a state index is stateHead .. code .. stateTail
-- ARGV[7] stateTail
-- ARGV[8] acHead     an AC index is acHead .. code .. acTail
-- ARGV[9] acTail
-- ARGV[10] pcAcsHead the index of every AC of a PC is pcAcsHead .. PC code .. pcAcsTail
-- ARGV[11] pcAcsTail
-- ARGV[12] chatId
-- ARGV[13] now        highest score, epoch ms (a briefing scheduled for later waits for its time)
-- Returns {last digest or nil, PC codes, {id, score, ...} after the last digest (else firstSince),
-- AC codes, {wide, pcAcs} as 1 or 0}.
--- @include "audience-briefings"

local pcs = redis.call('SMEMBERS', KEYS[1])
local acs = redis.call('SMEMBERS', KEYS[4])
local last = redis.call('HGET', KEYS[2], ARGV[3])
local wide = 1 - redis.call('SISMEMBER', KEYS[5], ARGV[12])
local pcAcs = redis.call('SISMEMBER', KEYS[6], ARGV[12])
local prefs = { wide, pcAcs }
if #pcs == 0 and #acs == 0 then return {last, pcs, {}, acs, prefs} end
local since = ARGV[1]
if last and tonumber(last) then since = last end
local seats = {}
for _, pc in ipairs(pcs) do seats[#seats + 1] = pc end
for _, ac in ipairs(acs) do seats[#seats + 1] = ac end
local parts = {
  pcHead = ARGV[4], pcTail = ARGV[5], stateHead = ARGV[6], stateTail = ARGV[7],
  acHead = ARGV[8], acTail = ARGV[9], pcAcsHead = ARGV[10], pcAcsTail = ARGV[11], max = ARGV[13],
}
local found = audienceBriefings(seats, pcAcs == 1, '(' .. since, tonumber(ARGV[2]), parts, KEYS[3])
return {last, pcs, found, acs, prefs}
