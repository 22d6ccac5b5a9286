-- metric: median_days_to_outcome
-- label: Median days to outcome, by month
-- definition: Over the outcomes assigned in each calendar month of the period: the median number
--   of calendar days from the crime's recorded date to the outcome date (the mean of the two
--   middle values for an even count). One row per month_start (every month that overlaps the
--   period, part months counting only their days inside it): median_days_to_outcome (null for a
--   month with no outcomes), crimes (how many were counted).
-- unit: days
-- better: down
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["crimes"],
--   rates = {median_days_to_outcome = ["crimes"]}
with months as (
    select month_start from months_of($period_start, $period_end)
),

outcomes_in_period as (
    select
        date_trunc('month', outcome_date)::date as month_start,
        days_to_outcome
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
),

monthly_medians as (
    select
        month_start,
        median(days_to_outcome) as median_days_to_outcome,
        count(days_to_outcome) as crimes
    from outcomes_in_period
    group by month_start
)

select
    months.month_start,
    monthly_medians.median_days_to_outcome,
    coalesce(monthly_medians.crimes, 0) as crimes
from months
left join monthly_medians on monthly_medians.month_start = months.month_start
order by months.month_start
