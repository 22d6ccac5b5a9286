-- metric: median_days_to_arrest
-- label: Median days to arrest
-- definition: Over the crimes recorded in the period with an arrest: the median number of
--   calendar days from the reported date to the earliest arrest date of any of its suspects (the
--   mean of the two middle values for an even count). Helper column: crimes (how many were
--   counted).
-- unit: days
-- better: down
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, suspects
-- catalogue: 2.20
-- tile: timeliness 3
with crimes_with_arrest as (
    select days_to_arrest
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end and first_arrest_date is not null
)

select
    median(days_to_arrest) as median_days_to_arrest,
    count(days_to_arrest) as crimes
from crimes_with_arrest
