-- metric: median_days_to_charge
-- label: Median days to charge, by month
-- definition: Over the charges and summonses (outcome 1 or 1A) assigned in each calendar month of
--   the period: the median number of calendar days from recorded date to outcome date. One row
--   per month_start (every month that overlaps the period, part months counting only their days
--   inside it): median_days_to_charge (null for a month with no charges), crimes (how many).
-- unit: days
-- better: down
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["crimes"],
--   rates = {median_days_to_charge = ["crimes"]}
with months as (
    select month_start from months_of($period_start, $period_end)
),

charges_in_period as (
    select
        date_trunc('month', outcome_date)::date as month_start,
        days_to_outcome
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end and is_charged
),

monthly_medians as (
    select
        month_start,
        median(days_to_outcome) as median_days_to_charge,
        count(days_to_outcome) as crimes
    from charges_in_period
    group by month_start
)

select
    months.month_start,
    monthly_medians.median_days_to_charge,
    coalesce(monthly_medians.crimes, 0) as crimes
from months
left join monthly_medians on monthly_medians.month_start = months.month_start
order by months.month_start
