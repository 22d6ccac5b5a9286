-- metric: charge_rate
-- label: Charge/summons rate
-- definition: Of the outcomes assigned in the period (closed basis), the share that were a charge
--   or summons (outcome 1 or 1A). Helper columns: numerator (charged), denominator (outcomes
--   assigned).
-- unit: rate
-- better: up
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.8
-- tile: outcomes 3
-- hide_with: charged, outcomes_assigned
-- national: yes
with outcomes_in_period as (
    select is_charged
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
),

counts as (
    select
        count(*) filter (where is_charged) as numerator,
        count(*) as denominator
    from outcomes_in_period
)

select
    numerator / nullif(denominator, 0) as charge_rate,
    numerator,
    denominator
from counts
