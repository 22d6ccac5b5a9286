-- metric: open_over_365_days
-- label: Open over a year, at month end
-- definition: Of the crimes open at the end of each calendar month of the period (at the
--   period's last day for a month that ends after it), those recorded more than 365 days before
--   that day. Open: recorded on or before that day, and with no outcome, or outcome 0, or an
--   outcome dated after that day. One row per month_start: snapshot_date (the day counted),
--   open_over_365_days.
-- unit: count
-- better: down
-- basis: snapshot
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["open_over_365_days"],
--   last_tiles = {open_over_365_days = "open_over_365_days"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

snapshots as (
    select
        month_start,
        least((month_start + interval 1 month - interval 1 day)::date, $period_end) as snapshot_date
    from months
),

-- Recorded more than 365 days before the snapshot (snapshot_date - recorded_date > 365, written
-- as a plain comparison on recorded_date so that the join is a range join) implies recorded on
-- or before it, so this one condition on recorded_date covers both.
open_over_a_year as (
    select snapshots.month_start
    from snapshots
    inner join (
        -- open at no snapshot unless open after the period's first day (snapshots fall in it)
        select recorded_date, open_until
        from filtered_open($local_authority, $subgroup, $age_band, $domestic_abuse)
        where open_until > $period_start and recorded_date <= $period_end
    ) as facts
        on
            facts.recorded_date < snapshots.snapshot_date - 365
            and facts.open_until > snapshots.snapshot_date
),

monthly_counts as (
    select
        month_start,
        count(*) as open_over_365_days
    from open_over_a_year
    group by month_start
)

select
    snapshots.month_start,
    snapshots.snapshot_date,
    coalesce(monthly_counts.open_over_365_days, 0) as open_over_365_days
from snapshots
left join monthly_counts on monthly_counts.month_start = snapshots.month_start
order by snapshots.month_start
