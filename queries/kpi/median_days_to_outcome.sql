-- metric: median_days_to_outcome
-- label: Median days to outcome
-- definition: Over the outcomes assigned in the period: the median number of calendar days from
--   the crime's recorded date to the outcome date (the mean of the two middle values for an even
--   count). Helper column: crimes (how many were counted).
-- unit: days
-- better: down
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.14
-- tile: timeliness 2
with outcomes_in_period as (
    select days_to_outcome
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
)

select
    median(days_to_outcome) as median_days_to_outcome,
    count(days_to_outcome) as crimes
from outcomes_in_period
