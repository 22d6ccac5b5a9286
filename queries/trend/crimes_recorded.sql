-- metric: crimes_recorded
-- label: Crimes recorded by month
-- definition: Crimes recorded in each calendar month of the period, rape and other sexual
--   offences. One row per month_start (every month that overlaps the period; a part month counts
--   only its days inside the period): rape_recorded, other_sexual_recorded, crimes_recorded.
-- unit: count
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- shape: counts = ["rape_recorded", "other_sexual_recorded", "crimes_recorded"],
--   row_total = {total = "crimes_recorded", parts = ["rape_recorded", "other_sexual_recorded"]},
--   tiles = {rape_recorded = "rape_recorded", other_sexual_recorded = "other_sexual_recorded",
--     crimes_recorded = "crimes_recorded"},
--   zeros = [{subgroup = ["rape_recorded", "other_sexual_recorded"]}]
with months as (
    select month_start from months_of($period_start, $period_end)
),

crimes_recorded_in_period as (
    select
        date_trunc('month', recorded_date)::date as month_start,
        subgroup
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        count(*) filter (where subgroup = 'rape') as rape_recorded,
        count(*) filter (where subgroup <> 'rape') as other_sexual_recorded
    from crimes_recorded_in_period
    group by month_start
)

select
    months.month_start,
    coalesce(monthly_counts.rape_recorded, 0) as rape_recorded,
    coalesce(monthly_counts.other_sexual_recorded, 0) as other_sexual_recorded,
    coalesce(monthly_counts.rape_recorded + monthly_counts.other_sexual_recorded, 0)
        as crimes_recorded
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
