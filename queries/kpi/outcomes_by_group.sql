-- metric: outcomes_by_group
-- label: Outcomes by group
-- definition: The outcomes assigned in the period, counted by Home Office outcome group. One row
--   per group with at least one outcome (groups with none are left out), largest first: columns
--   outcome_group (the group's label) and outcomes_by_group (its count).
-- unit: counts
-- better: none
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.12
with outcomes_in_period as (
    select coalesce(outcome_group, 'Unknown outcome code') as outcome_group
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
)

select
    outcome_group,
    count(*) as outcomes_by_group
from outcomes_in_period
group by outcome_group
order by outcomes_by_group desc, outcome_group
