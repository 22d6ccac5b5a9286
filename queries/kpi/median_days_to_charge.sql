-- metric: median_days_to_charge
-- label: Median days to charge
-- definition: Over the charges and summonses (outcome 1 or 1A) assigned in the period: the
--   median number of calendar days from the crime's recorded date to the outcome date (the mean
--   of the two middle values for an even count). Helper column: crimes (how many were counted).
-- unit: days
-- better: down
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.13
-- tile: timeliness 1
with charges_in_period as (
    select days_to_outcome
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end and is_charged
)

select
    median(days_to_outcome) as median_days_to_charge,
    count(days_to_outcome) as crimes
from charges_in_period
