-- closeIfDone(delivery, pending, finished, active, now): the one rule that closes a delivery. When its
-- fan-out has finished and no recipient is pending, a running or paused delivery becomes done at `now`:
-- its finished set is dropped, it leaves the active set and gives back its content claim. Returns 'done'
-- when it closed it, else 'ok'. Used by delivery-finish (the last recipient), delivery-fanout-done (the
-- fan-out ending last) and delivery-drop-recipient (an erased reader who was the last).
--- @include "content-claim"
local function closeIfDone(delivery, pending, finished, active, now)
  if redis.call('HGET', delivery, 'fanout') == '1' and redis.call('SCARD', pending) == 0 then
    local st = redis.call('HGET', delivery, 'status')
    if st == 'running' or st == 'paused' then
      redis.call('UNLINK', finished)
      redis.call('HSET', delivery, 'status', 'done', 'finished', now)
      redis.call('SREM', active, redis.call('HGET', delivery, 'id'))
      releaseContent(delivery)
      return 'done'
    end
  end
  return 'ok'
end
