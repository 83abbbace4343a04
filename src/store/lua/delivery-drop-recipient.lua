-- Takes an erased reader out of a delivery: out of its pending and finished sets; one still pending is
-- counted as skipped (the delivery's figures still add up) and the delivery closes when it was the last.
-- A chat still pending also sits in one send group: the caller looks through the groups afterwards, a
-- thousand at a time (store/deliveries.ts eraseRecipient), since a million recipients make some 50,000
-- groups and one script going through all of them would hold Redis (and every send's grant) for tens of
-- milliseconds. Until then a group job may still meet the chat: it finds no chat hash (erased first),
-- counts nothing (not pending any more) and takes it out of the group itself.
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
