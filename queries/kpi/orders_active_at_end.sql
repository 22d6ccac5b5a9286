-- metric: orders_active_at_end
-- label: Orders in force at the end of the period
-- definition: Granted orders in force on the period's last day: a decision date on or before
--   that day, and no expiry date or an expiry date after it (an order expiring on the last day
--   is no longer in force). Filters apply through the order's crime; an order without a crime
--   reference counts only when no filter is set.
-- unit: count
-- better: none
-- basis: snapshot
-- params: period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: orders, crimes
-- catalogue: 3.11
-- trend: none
with orders_in_force as (
    select order_id
    from filtered_orders($local_authority, $subgroup, $age_band, $domestic_abuse)
    where order_in_force(decision, decision_date, expiry_date, $period_end)
)

select count(*) as orders_active_at_end
from orders_in_force
