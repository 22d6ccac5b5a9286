-- metric: non_recent_share
-- label: Non-recent reports
-- definition: Of the crimes recorded in the period that have an offence date, the share reported
--   more than 365 days after the offence date (exactly 365 days is not non-recent). Helper
--   columns: numerator (non-recent crimes), denominator (crimes with an offence date).
-- unit: rate
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- catalogue: 2.5
-- tile: victims 2
with crimes_with_offence_date as (
    select is_non_recent
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end and offence_date is not null
),

counts as (
    select
        count(*) filter (where is_non_recent) as numerator,
        count(*) as denominator
    from crimes_with_offence_date
)

select
    numerator / nullif(denominator, 0) as non_recent_share,
    numerator,
    denominator
from counts
