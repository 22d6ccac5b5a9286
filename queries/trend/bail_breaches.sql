-- metric: bail_breaches
-- label: Breaches of bail and of orders, by month
-- definition: Breaches whose breach date (the date of breach_at) is in each calendar month of
--   the period, of bail conditions and of protective orders. One row per month_start (every
--   month that overlaps the period, part months counting only their days inside it):
--   bail_breaches, order_breaches. Filters apply through the crime of the bail or order
--   breached; a breach of an order without a crime reference counts only when no filter is set.
-- unit: count
-- better: none
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: breaches, bail, orders, crimes
-- shape: counts = ["bail_breaches", "order_breaches"],
--   tiles = {bail_breaches = "bail_breaches", order_breaches = "order_breaches"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

breaches_in_period as (
    select
        date_trunc('month', breach_date)::date as month_start,
        breach_of
    from filtered_breaches($local_authority, $subgroup, $age_band, $domestic_abuse)
    where breach_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        count(*) filter (where breach_of = 'bail') as bail_breaches,
        count(*) filter (where breach_of = 'order') as order_breaches
    from breaches_in_period
    group by month_start
)

select
    months.month_start,
    coalesce(monthly_counts.bail_breaches, 0) as bail_breaches,
    coalesce(monthly_counts.order_breaches, 0) as order_breaches
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
