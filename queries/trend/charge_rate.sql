-- metric: charge_rate
-- label: Charge/summons rate by month
-- definition: Of the outcomes assigned in each calendar month of the period (closed basis),
--   the share that were a charge or summons (outcome 1 or 1A). One row per month_start (every
--   month that overlaps the period, part months counting only their days inside it):
--   charge_rate (null for a month with no outcomes), numerator (charged), denominator
--   (outcomes assigned).
-- unit: rate
-- better: up
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["numerator", "denominator"],
--   rates = {charge_rate = ["numerator", "denominator"]},
--   tiles = {numerator = "charged", denominator = "outcomes_assigned"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

outcomes_in_period as (
    select
        date_trunc('month', outcome_date)::date as month_start,
        is_charged
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        count(*) filter (where is_charged) as numerator,
        count(*) as denominator
    from outcomes_in_period
    group by month_start
)

select
    months.month_start,
    monthly_counts.numerator / monthly_counts.denominator as charge_rate,
    coalesce(monthly_counts.numerator, 0) as numerator,
    coalesce(monthly_counts.denominator, 0) as denominator
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
