-- metric: orders_applied
-- label: Orders applied for
-- definition: Civil and criminal protective orders (any type) with an application or notice
--   date (applied_date) in the period, whatever the decision. Filters apply through the order's
--   crime; an order without a crime reference counts only when no filter is set.
-- unit: count
-- better: up
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: orders, crimes
-- catalogue: 3.9
with orders_applied_in_period as (
    select order_id
    from filtered_orders($local_authority, $subgroup, $age_band, $domestic_abuse)
    where applied_date between $period_start and $period_end
)

select count(*) as orders_applied
from orders_applied_in_period
