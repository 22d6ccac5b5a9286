-- metric: outcomes_assigned
-- label: Outcomes assigned
-- definition: Crimes given an outcome in the period: an outcome code other than 0 with an
--   outcome date in the period, whenever the crime was recorded.
-- unit: count
-- better: none
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.6
-- tile: outcomes 1
with outcomes_in_period as (
    select crime_ref
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
)

select count(*) as outcomes_assigned
from outcomes_in_period
