-- The fan-out has queued every recipient: marks it so, and closes the delivery when nobody is pending.
-- KEYS[1] delivery   the delivery hash
-- KEYS[2] pending    its pending set
-- KEYS[3] finished   its finished set
-- KEYS[4] active     the set of active deliveries
-- ARGV[1] now        epoch ms
-- Returns 'done' (closed) or 'ok'.
--- @include "close-if-done"

redis.call('HSET', KEYS[1], 'fanout', '1')
return closeIfDone(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1])
