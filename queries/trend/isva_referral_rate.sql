-- metric: isva_referral_rate
-- label: ISVA referrals by month
-- definition: Of the crimes recorded in each calendar month of the period, the share with a
--   referral to an Independent Sexual Violence Adviser (any referral date). One row per
--   month_start (every month that overlaps the period, part months counting only their days
--   inside it): isva_referral_rate (null for a month with no crimes recorded), numerator (crimes
--   with a referral), denominator (crimes recorded).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- shape: counts = ["numerator", "denominator"],
--   rates = {isva_referral_rate = ["numerator", "denominator"]},
--   tiles = {numerator = "isva_referral_rate", denominator = "crimes_recorded"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

crimes_recorded_in_period as (
    select
        date_trunc('month', recorded_date)::date as month_start,
        has_isva_referral
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        count(*) filter (where has_isva_referral) as numerator,
        count(*) as denominator
    from crimes_recorded_in_period
    group by month_start
)

select
    months.month_start,
    monthly_counts.numerator / monthly_counts.denominator as isva_referral_rate,
    coalesce(monthly_counts.numerator, 0) as numerator,
    coalesce(monthly_counts.denominator, 0) as denominator
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
