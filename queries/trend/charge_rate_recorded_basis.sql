-- metric: charge_rate_recorded_basis
-- label: Charge/summons rate (recorded basis) by month
-- definition: Of the crimes recorded in each calendar month of the period, the share whose
--   current outcome, as at the data's as-at date, is a charge or summons (outcome 1 or 1A);
--   crimes still open stay in the denominator (the Home Office "recorded" basis). One row per
--   month_start (every month that overlaps the period, part months counting only their days
--   inside it): charge_rate_recorded_basis (null for a month with no crimes recorded), numerator
--   (charged), denominator (crimes recorded).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["numerator", "denominator"],
--   rates = {charge_rate_recorded_basis = ["numerator", "denominator"]},
--   tiles = {numerator = "charge_rate_recorded_basis", denominator = "crimes_recorded"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

crimes_recorded_in_period as (
    select
        date_trunc('month', recorded_date)::date as month_start,
        is_charged
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        count(*) filter (where is_charged) as numerator,
        count(*) as denominator
    from crimes_recorded_in_period
    group by month_start
)

select
    months.month_start,
    monthly_counts.numerator / monthly_counts.denominator as charge_rate_recorded_basis,
    coalesce(monthly_counts.numerator, 0) as numerator,
    coalesce(monthly_counts.denominator, 0) as denominator
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
