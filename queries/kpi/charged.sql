-- metric: charged
-- label: Charged or summonsed
-- definition: Of the outcomes assigned in the period, those that were a charge or summons
--   (outcome 1 or 1A).
-- unit: count
-- better: up
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.7
-- tile: outcomes 2
with outcomes_in_period as (
    select is_charged
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
)

select count(*) filter (where is_charged) as charged
from outcomes_in_period
