-- Takes an erased reader out of a delivery: out of its pending and finished sets and out of its send
-- group; one still pending is counted as skipped (the delivery's figures still add up) and the delivery
-- closes when it was the last. Only a pending chat can be in a group (finishing takes it out of both),
-- so only then are the groups looked through: every one of 0 .. groups-1, since nothing records which
-- group a chat is in (a group set costs a few bytes per chat; such a map would cost more than all of
-- them). SREM on a group already gone is cheap: about 50,000 groups (a million recipients at a finite
-- SEND_RATE) take some tens of milliseconds, paid once per erasure and running delivery.
-- KEYS[1] delivery   the delivery hash
-- KEYS[2] pending    its pending set
-- KEYS[3] finished   its finished set
-- KEYS[4] active     the set of active deliveries
-- ARGV[1] chatId
-- ARGV[2] now        epoch ms
-- ARGV[3] groupHead  a group set's key before its number (store/keys.ts deliveryGroup)
-- ARGV[4] groupTail  and after it
-- Returns 'none' (not pending), or what closeIfDone says ('done' or 'ok').
--- @include "close-if-done"

redis.call('SREM', KEYS[3], ARGV[1])
if redis.call('SREM', KEYS[2], ARGV[1]) == 0 then return 'none' end
local groups = tonumber(redis.call('HGET', KEYS[1], 'groups') or '0')
for g = 0, groups - 1 do
  if redis.call('SREM', ARGV[3] .. g .. ARGV[4], ARGV[1]) == 1 then break end
end
redis.call('HINCRBY', KEYS[1], 'skipped', 1)
return closeIfDone(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[2])
