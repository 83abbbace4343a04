-- Marks one chunk of recipients pending, except chats already finished or already pending (a page
-- queued again by a retried fan-out must not count anyone twice, nor put anyone in a second group),
-- adds the new ones to the total, and puts them into a new send group: the set one send job carries.
-- The group's number comes from the delivery's `groups` counter, so that pause, resume and cancel know
-- every group there is (0 .. groups-1). Refuses once the delivery is cancelled, done or gone:
-- cancelling dropped the pending set, which must not fill up again.
-- KEYS[1] delivery   the delivery hash
-- KEYS[2] pending    its pending set
-- KEYS[3] finished   its finished set
-- ARGV[1] groupHead  a group set's key before its number (store/keys.ts deliveryGroup)
-- ARGV[2] groupTail  and after it
-- ARGV[3..] chatIds
-- Returns {added, group}: how many were added and the new group's number (-1: nobody new, no group),
-- or {-1, -1} when refused.
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'cancelled' or status == 'done' or status == false then return {-1, -1} end
local new = {}
for i = 3, #ARGV do
  if redis.call('SISMEMBER', KEYS[3], ARGV[i]) == 0 and redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
    new[#new + 1] = ARGV[i]
  end
end
if #new == 0 then return {0, -1} end
redis.call('HINCRBY', KEYS[1], 'total', #new)
local g = redis.call('HINCRBY', KEYS[1], 'groups', 1) - 1
redis.call('SADD', ARGV[1] .. g .. ARGV[2], unpack(new))
return {#new, g}
