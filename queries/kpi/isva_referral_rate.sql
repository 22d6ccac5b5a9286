-- metric: isva_referral_rate
-- label: ISVA referrals
-- definition: Of the crimes recorded in the period, the share with a referral to an Independent
--   Sexual Violence Adviser (any referral date). Helper columns: numerator (crimes with a
--   referral), denominator (crimes recorded).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- catalogue: 2.17
-- tile: victims 1
-- hide_with: crimes_recorded
with crimes_recorded_in_period as (
    select has_isva_referral
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
),

counts as (
    select
        count(*) filter (where has_isva_referral) as numerator,
        count(*) as denominator
    from crimes_recorded_in_period
)

select
    numerator / nullif(denominator, 0) as isva_referral_rate,
    numerator,
    denominator
from counts
