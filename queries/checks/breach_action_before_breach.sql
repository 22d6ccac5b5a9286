-- metric: breach_action_before_breach
-- label: Action on a breach dated before the breach
-- definition: Breaches of bail conditions or orders whose action (arrest, charge, warning, ...)
--   is dated earlier than the breach itself. Police cannot act on a breach before it happens, so
--   one of the two date-times is wrong, and so is the time taken to act on breaches. A bare date
--   counts as midnight at the start of that day. One row per breach: breach_id, breach_of,
--   ref_id (the bail or order breached), breach_at, action, action_at. Ordered by breach_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: breaches
with actions_before_breach as (
    select
        breach_id,
        breach_of,
        ref_id,
        breach_at,
        action,
        action_at
    from breaches
    where action_at < breach_at
)

select
    breach_id,
    breach_of,
    ref_id,
    breach_at,
    action,
    action_at
from actions_before_breach
order by breach_id
