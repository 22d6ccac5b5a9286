-- metric: open_caseload_age
-- label: Open crimes by time since recorded
-- definition: Crimes open on the last day of the period (recorded on or before that day, and
--   with no outcome, or outcome 0, or an outcome dated after that day), by whole calendar months
--   since the recorded date. A band's upper bound is included: "0-3 months" = recorded on or
--   after the day 3 months before the period's last day; "3-6 months" = on or after the day 6
--   months before, but before the day 3 months before; "6-12 months" likewise from the day 12
--   months before; "over 12 months" = before the day 12 months before. "The day n months before"
--   keeps the day of the month, or takes the month's last day when that month is shorter (31
--   May less 3 months is 28 February). So a crime recorded exactly 12 months before is "6-12
--   months", and "over 12 months" matches open_over_365_days except when a 29 February falls in
--   the year, when a crime recorded exactly 12 months (366 days) before is counted there but not
--   here. One row per band, all four always present: age_band_order (1-4), age_band, open_count,
--   open_share (of all open crimes; null when none is open).
-- unit: counts
-- better: none
-- basis: snapshot
-- params: period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["open_count"],
--   shares = {open_share = "open_count"},
--   tiles = {open_count = "open_at_end"}
with age_bands as (
    select *
    from (
        values
        (1, '0-3 months'),
        (2, '3-6 months'),
        (3, '6-12 months'),
        (4, 'over 12 months')
    ) as bands (age_band_order, age_band)
),

band_limits as (
    select
        ($period_end - interval 3 month)::date as three_months_before,
        ($period_end - interval 6 month)::date as six_months_before,
        ($period_end - interval 12 month)::date as twelve_months_before
),

open_crimes as (
    select recorded_date
    from filtered_open($local_authority, $subgroup, $age_band, $domestic_abuse)
    where
        recorded_date <= $period_end
        and open_until > $period_end
),

open_crimes_by_band as (
    select
        case
            when open_crimes.recorded_date >= band_limits.three_months_before then 1
            when open_crimes.recorded_date >= band_limits.six_months_before then 2
            when open_crimes.recorded_date >= band_limits.twelve_months_before then 3
            else 4
        end as age_band_order
    from open_crimes
    cross join band_limits
),

counts_by_band as (
    select
        age_band_order,
        count(*) as open_count
    from open_crimes_by_band
    group by age_band_order
),

bands_with_counts as (
    select
        age_bands.age_band_order,
        age_bands.age_band,
        coalesce(counts_by_band.open_count, 0) as open_count
    from age_bands
    left join counts_by_band on counts_by_band.age_band_order = age_bands.age_band_order
)

select
    age_band_order,
    age_band,
    open_count,
    open_count / nullif(sum(open_count) over (), 0) as open_share
from bands_with_counts
order by age_band_order
