-- Deletes from a BullMQ events stream every entry about the jobs whose id ends with `suffix` (an erased
-- reader's legacy per-chat send jobs are `<delivery id>-<chat id>`; a group's job, `<delivery id>-g<n>`,
-- names no chat). The stream is capped (about 10,000 entries), so a whole pass is bounded.
-- KEYS[1] events     the queue's events stream
-- ARGV[1] suffix     end of the job ids to drop, e.g. `-12345`
-- Returns how many entries were deleted.
local dropped = 0
local suffix = ARGV[1]
local entries = redis.call('XRANGE', KEYS[1], '-', '+')
for _, entry in ipairs(entries) do
  local fields = entry[2]
  for i = 1, #fields, 2 do
    local v = fields[i + 1]
    if fields[i] == 'jobId' and #v >= #suffix and string.sub(v, -#suffix) == suffix then
      redis.call('XDEL', KEYS[1], entry[1])
      dropped = dropped + 1
      break
    end
  end
end
return dropped
