-- metric: orders_applied
-- label: Orders applied for and granted, by month
-- definition: Civil and criminal protective orders applied for (applied_date) in each calendar
--   month of the period, and orders granted (decision "granted", by decision date) in it. One
--   row per month_start (every month that overlaps the period, part months counting only their
--   days inside it): orders_applied, orders_granted. Filters apply through the order's crime; an
--   order without a crime reference counts only when no filter is set.
-- unit: count
-- better: up
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: orders, crimes
-- shape: counts = ["orders_applied", "orders_granted"],
--   tiles = {orders_applied = "orders_applied", orders_granted = "orders_granted"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

filtered as (
    select
        applied_date,
        decision,
        decision_date
    from filtered_orders($local_authority, $subgroup, $age_band, $domestic_abuse)
),

applied_by_month as (
    select
        date_trunc('month', applied_date)::date as month_start,
        count(*) as orders_applied
    from filtered
    where applied_date between $period_start and $period_end
    group by month_start
),

granted_by_month as (
    select
        date_trunc('month', decision_date)::date as month_start,
        count(*) as orders_granted
    from filtered
    where decision = 'granted' and decision_date between $period_start and $period_end
    group by month_start
)

select
    months.month_start,
    coalesce(applied_by_month.orders_applied, 0) as orders_applied,
    coalesce(granted_by_month.orders_granted, 0) as orders_granted
from months
left join applied_by_month on applied_by_month.month_start = months.month_start
left join granted_by_month on granted_by_month.month_start = months.month_start
order by months.month_start
