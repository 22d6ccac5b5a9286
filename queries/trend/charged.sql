-- metric: charged
-- label: Charged or summonsed, by month
-- definition: Of the outcomes assigned in each calendar month of the period, those that were a
--   charge or summons (outcome 1 or 1A). One row per month_start (every month that overlaps the
--   period, part months counting only their days inside it): charged.
-- unit: count
-- better: up
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["charged"],
--   tiles = {charged = "charged"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

charges_in_period as (
    select date_trunc('month', outcome_date)::date as month_start
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end and is_charged
),

monthly_counts as (
    select
        month_start,
        count(*) as charged
    from charges_in_period
    group by month_start
)

select
    months.month_start,
    coalesce(monthly_counts.charged, 0) as charged
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
