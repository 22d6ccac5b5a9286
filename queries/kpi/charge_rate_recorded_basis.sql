-- metric: charge_rate_recorded_basis
-- label: Charge/summons rate (recorded basis)
-- definition: Of the crimes recorded in the period, the share whose current outcome, as at the
--   data's as-at date, is a charge or summons (outcome 1 or 1A); crimes still open stay in the
--   denominator (the Home Office "recorded" basis). Helper columns: numerator (charged),
--   denominator (crimes recorded).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.9
-- tile: outcomes 4
-- hide_with: crimes_recorded
-- national: yes
with crimes_recorded_in_period as (
    select is_charged
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
),

counts as (
    select
        count(*) filter (where is_charged) as numerator,
        count(*) as denominator
    from crimes_recorded_in_period
)

select
    numerator / nullif(denominator, 0) as charge_rate_recorded_basis,
    numerator,
    denominator
from counts
