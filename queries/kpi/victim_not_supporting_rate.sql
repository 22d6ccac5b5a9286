-- metric: victim_not_supporting_rate
-- label: Victim does not support action
-- definition: Of the outcomes assigned in the period, the share where the victim does not
--   support further action (outcome 14 or 16). Helper columns: numerator (outcomes 14 and 16),
--   denominator (outcomes assigned).
-- unit: rate
-- better: down
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.10
-- tile: outcomes 5
-- hide_with: outcomes_assigned
with outcomes_in_period as (
    select is_victim_not_supporting
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
),

counts as (
    select
        count(*) filter (where is_victim_not_supporting) as numerator,
        count(*) as denominator
    from outcomes_in_period
)

select
    numerator / nullif(denominator, 0) as victim_not_supporting_rate,
    numerator,
    denominator
from counts
