-- Takes an erased reader out of a delivery: out of its pending and finished sets; one still pending is
-- counted as skipped (the delivery's figures still add up) and the delivery closes when it was the last.
-- KEYS[1] delivery   the delivery hash
-- KEYS[2] pending    its pending set
-- KEYS[3] finished   its finished set
-- KEYS[4] active     the set of active deliveries
-- ARGV[1] chatId
-- ARGV[2] now        epoch ms
-- Returns 'none' (not pending), or what closeIfDone says ('done' or 'ok').
--- @include "close-if-done"

redis.call('SREM', KEYS[3], ARGV[1])
if redis.call('SREM', KEYS[2], ARGV[1]) == 0 then return 'none' end
redis.call('HINCRBY', KEYS[1], 'skipped', 1)
return closeIfDone(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[2])
