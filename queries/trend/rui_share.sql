-- metric: rui_share
-- label: Pre-charge bail and released under investigation at month end
-- definition: Suspects' pre-charge releases in force at the end of each calendar month of the
--   period (at the period's last day for a month that ends after it): bail rows of release type
--   "pre_charge_bail" and "rui" with a start date on or before that day and no end date or an
--   end date after it. One row per month_start: snapshot_date (the day counted),
--   pre_charge_bail_at_end, rui_at_end, rui_share (rui_at_end / (rui_at_end +
--   pre_charge_bail_at_end); null when both are 0). Filters apply through the bail's crime.
-- unit: rate
-- better: down
-- basis: snapshot
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: bail, crimes
-- shape: counts = ["pre_charge_bail_at_end", "rui_at_end"],
--   rates = {rui_share = ["rui_at_end", "pre_charge_bail_at_end"]},
--   last_tiles = {pre_charge_bail_at_end = "pre_charge_bail_at_end", rui_at_end = "rui_at_end"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

snapshots as (
    select
        month_start,
        least((month_start + interval 1 month - interval 1 day)::date, $period_end) as snapshot_date
    from months
),

-- Only releases in force at some point between the first snapshot and the period's end can be
-- in force on a snapshot day: the rest are left out before the range join.
releases as (
    select
        release_type,
        start_date,
        in_force_until as end_date
    from filtered_bail($local_authority, $subgroup, $age_band, $domestic_abuse)
    where
        release_type in ('pre_charge_bail', 'rui')
        and start_date <= $period_end
        and in_force_until > (select min(snapshot_date) from snapshots)
),

monthly_counts as (
    select
        snapshots.month_start,
        count(*) filter (where releases.release_type = 'pre_charge_bail')
            as pre_charge_bail_at_end,
        count(*) filter (where releases.release_type = 'rui') as rui_at_end
    from snapshots
    inner join releases
        on
            releases.start_date <= snapshots.snapshot_date
            and releases.end_date > snapshots.snapshot_date
    group by snapshots.month_start
)

select
    snapshots.month_start,
    snapshots.snapshot_date,
    coalesce(monthly_counts.pre_charge_bail_at_end, 0) as pre_charge_bail_at_end,
    coalesce(monthly_counts.rui_at_end, 0) as rui_at_end,
    monthly_counts.rui_at_end
    / nullif(monthly_counts.rui_at_end + monthly_counts.pre_charge_bail_at_end, 0) as rui_share
from snapshots
left join monthly_counts on monthly_counts.month_start = snapshots.month_start
order by snapshots.month_start
