-- metric: no_suspect_rate
-- label: No suspect identified
-- definition: Of the outcomes assigned in the period, the share closed with no suspect
--   identified (outcome 18). Helper columns: numerator (outcomes 18), denominator (outcomes
--   assigned).
-- unit: rate
-- better: down
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.11
-- tile: outcomes 6
-- hide_with: outcomes_assigned
with outcomes_in_period as (
    select is_no_suspect
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
),

counts as (
    select
        count(*) filter (where is_no_suspect) as numerator,
        count(*) as denominator
    from outcomes_in_period
)

select
    numerator / nullif(denominator, 0) as no_suspect_rate,
    numerator,
    denominator
from counts
