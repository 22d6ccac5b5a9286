-- metric: outcomes_assigned
-- label: Outcomes assigned by month
-- definition: Crimes given an outcome in each calendar month of the period: an outcome code other
--   than 0 with an outcome date in the month, whenever the crime was recorded. One row per
--   month_start (every month that overlaps the period, part months counting only their days
--   inside it): outcomes_assigned.
-- unit: count
-- better: none
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["outcomes_assigned"],
--   tiles = {outcomes_assigned = "outcomes_assigned"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

outcomes_in_period as (
    select date_trunc('month', outcome_date)::date as month_start
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        count(*) as outcomes_assigned
    from outcomes_in_period
    group by month_start
)

select
    months.month_start,
    coalesce(monthly_counts.outcomes_assigned, 0) as outcomes_assigned
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
