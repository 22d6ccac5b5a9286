-- metric: breach_reported_before_breach
-- label: Breach reported before it happened
-- definition: Breaches of bail conditions or orders whose reported date-time (when police
--   learned of the breach) is earlier than the breach itself. Police cannot learn of a breach
--   before it happens, so one of the two date-times is wrong, and so is the time from a breach to
--   police knowing of it. A bare date counts as midnight at the start of that day; a breach with
--   no reported date-time is taken as reported when it happened and is never listed. One row per
--   breach: breach_id, breach_of, ref_id (the bail or order breached), breach_at, reported_at.
--   Ordered by breach_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: breaches
with breaches_reported_before_breach as (
    select
        breach_id,
        breach_of,
        ref_id,
        breach_at,
        reported_at
    from breaches
    where reported_at < breach_at
)

select
    breach_id,
    breach_of,
    ref_id,
    breach_at,
    reported_at
from breaches_reported_before_breach
order by breach_id
