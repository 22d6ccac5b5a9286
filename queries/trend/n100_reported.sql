-- metric: n100_reported
-- label: N100 reports by month
-- definition: Records of type N100 (a reported rape not, or not yet, recorded as a crime) with a
--   reported date in each calendar month of the period; the crime filters apply to them too. One
--   row per month_start (every month that overlaps the period, part months counting only their
--   days inside it): n100_reported.
-- unit: count
-- better: none
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- shape: counts = ["n100_reported"],
--   tiles = {n100_reported = "n100_reported"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

n100_reported_in_period as (
    select date_trunc('month', reported_date)::date as month_start
    from filtered_records($local_authority, $subgroup, $age_band, $domestic_abuse)
    where record_type = 'n100' and reported_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        count(*) as n100_reported
    from n100_reported_in_period
    group by month_start
)

select
    months.month_start,
    coalesce(monthly_counts.n100_reported, 0) as n100_reported
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
