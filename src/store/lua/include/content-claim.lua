-- One delivery at a time per content whose send records are shared (a briefing, a digest run): two
-- deliveries of it could both find no record for a chat and both send. The content's claim key (the
-- delivery hash keeps its name in `claim`) holds the id of the delivery running or paused with it.
--
-- claimContent(claim, id, deliveryHead, deliveryTail): takes the claim for delivery `id`. A holder that
-- is no longer running or paused (closed, or its hash gone) is replaced. Returns false when `id` holds
-- it now, else the id of the live holder.
local function claimContent(claim, id, deliveryHead, deliveryTail)
  local holder = redis.call('GET', claim)
  if holder and holder ~= id then
    local st = redis.call('HGET', deliveryHead .. holder .. deliveryTail, 'status')
    if st == 'running' or st == 'paused' then return holder end
  end
  redis.call('SET', claim, id)
  return false
end

-- releaseContent(delivery): gives back the claim of a delivery that closes or is cancelled, if it
-- holds it.
local function releaseContent(delivery)
  local claim = redis.call('HGET', delivery, 'claim')
  if claim and redis.call('GET', claim) == redis.call('HGET', delivery, 'id') then
    redis.call('DEL', claim)
  end
end
