-- Reserves the next send slot (see include/reserve-slot.lua).
-- KEYS[1] pace       the slot key
-- ARGV[1] intervalMs slot spacing
-- Returns the wait until the slot in ms, as a string.
--- @include "reserve-slot"

return reserveSlot(KEYS[1], ARGV[1])
