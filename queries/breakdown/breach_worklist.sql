-- metric: breach_worklist
-- label: Breaches awaiting action
-- definition: Breaches of bail or orders that happened on or before the period's last day (the
--   date of breach_at; in the period or before it) and have no action yet, as at the data's
--   as-at date: action empty (not yet actioned) or "none" (recorded as no action taken). Oldest
--   first (by breach_at, then breach_id). Columns: breach_id, breach_of ("bail" or "order"),
--   ref_id (the bail_id or order_id breached), suspect_id (of that bail or order), breach_at,
--   reported_at (breach_at when not recorded), action (null or "none"), hours_waiting (hours,
--   a fraction, from reported_at to the end of the period's last day, midnight; 0 when reported
--   after it). Filters apply through the crime of the bail or order breached; a breach of an
--   order without a crime reference is listed only when no filter is set.
-- unit: counts
-- better: none
-- basis: snapshot
-- params: period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: breaches, bail, orders, crimes
-- shape: withheld = "a list of pseudonymised suspects, never shown to the scrutiny role"
-- access: view_suspect_level
with awaiting_action as (
    select
        breach_id,
        breach_of,
        ref_id,
        suspect_id,
        breach_at,
        reported_at,
        action
    from filtered_breaches($local_authority, $subgroup, $age_band, $domestic_abuse)
    where breach_date <= $period_end and (action is null or action = 'none')
)

select
    breach_id,
    breach_of,
    ref_id,
    suspect_id,
    breach_at,
    reported_at,
    action,
    greatest(date_diff('second', reported_at, ($period_end + 1)::timestamp), 0) / 3600
        as hours_waiting
from awaiting_action
order by breach_at, breach_id
