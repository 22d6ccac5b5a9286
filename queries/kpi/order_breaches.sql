-- metric: order_breaches
-- label: Breaches of orders
-- definition: Breaches of protective orders (breach_of "order") whose breach date (the date of
--   breach_at) is in the period. Filters apply through the crime of the order breached;
--   a breach of an order without a crime reference counts only when no filter is set.
-- unit: count
-- better: none
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: breaches, orders, crimes
-- catalogue: 3.6
-- trend: bail_breaches
with breaches_in_period as (
    select breach_id
    from filtered_breaches($local_authority, $subgroup, $age_band, $domestic_abuse)
    where breach_of = 'order' and breach_date between $period_start and $period_end
)

select count(*) as order_breaches
from breaches_in_period
