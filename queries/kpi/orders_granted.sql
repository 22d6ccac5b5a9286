-- metric: orders_granted
-- label: Orders granted
-- definition: Civil and criminal protective orders granted (decision "granted") with a decision
--   date in the period, whenever applied for. Filters apply through the order's crime; an order
--   without a crime reference counts only when no filter is set.
-- unit: count
-- better: up
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: orders, crimes
-- catalogue: 3.10
-- tile: disruption 4
-- trend: orders_applied
with orders_granted_in_period as (
    select order_id
    from filtered_orders($local_authority, $subgroup, $age_band, $domestic_abuse)
    where decision = 'granted' and decision_date between $period_start and $period_end
)

select count(*) as orders_granted
from orders_granted_in_period
