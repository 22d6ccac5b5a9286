-- metric: suspect_identified_rate
-- label: Suspect identified
-- definition: Of the crimes recorded in the period, the share with at least one suspect linked
--   to it. Helper columns: numerator (crimes with a suspect), denominator (crimes recorded).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, suspects
-- catalogue: 2.18
-- tile: suspects 1
-- hide_with: crimes_recorded
with crimes_recorded_in_period as (
    select suspect_count
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
),

counts as (
    select
        count(*) filter (where suspect_count > 0) as numerator,
        count(*) as denominator
    from crimes_recorded_in_period
)

select
    numerator / nullif(denominator, 0) as suspect_identified_rate,
    numerator,
    denominator
from counts
