-- metric: arrest_rate
-- label: Arrest rate
-- definition: Of the crimes recorded in the period that have at least one suspect, the share
--   where some suspect has an arrest date. Helper columns: numerator (crimes with an arrest),
--   denominator (crimes with a suspect).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, suspects
-- catalogue: 2.19
-- tile: suspects 2
with crimes_with_suspect as (
    select first_arrest_date
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end and suspect_count > 0
),

counts as (
    select
        count(first_arrest_date) as numerator,
        count(*) as denominator
    from crimes_with_suspect
)

select
    numerator / nullif(denominator, 0) as arrest_rate,
    numerator,
    denominator
from counts
