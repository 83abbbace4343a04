-- Marks one page of recipients pending, except chats already finished (a page queued again by a retried
-- fan-out must not count anyone twice), and adds the new ones to the total. Refuses once the delivery is
-- cancelled, done or gone: cancelling dropped the pending set, which must not fill up again.
-- KEYS[1] delivery   the delivery hash
-- KEYS[2] pending    its pending set
-- KEYS[3] finished   its finished set
-- ARGV[1..] chatIds
-- Returns how many were added, or -1 when refused.
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'cancelled' or status == 'done' or status == false then return -1 end
local added = 0
for i = 1, #ARGV do
  if redis.call('SISMEMBER', KEYS[3], ARGV[i]) == 0 then added = added + redis.call('SADD', KEYS[2], ARGV[i]) end
end
redis.call('HINCRBY', KEYS[1], 'total', added)
return added
