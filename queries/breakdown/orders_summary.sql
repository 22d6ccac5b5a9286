-- metric: orders_summary
-- label: Protective orders: refusals, withdrawals, expiries and breaches
-- definition: One row, all order types together, on the definitions of orders_by_type (its
--   columns summed over the types): refused, withdrawn (orders with that decision and a
--   decision date in the period); active_at_end (granted, decided on or before the period's
--   last day, no expiry date or one after it); expiring_within_90_days (of active_at_end, those
--   whose expiry date is after the last day and no more than 90 days after it, that is from
--   expiry_window_start_date to expiry_window_end_date, both included);
--   breaches_in_period (breaches of orders with a breach date in the period, whether or not
--   the order is still in force); breaches_per_order_in_force (breaches_in_period /
--   active_at_end; null when none is active). Filters apply through the order's crime; an
--   order without a crime reference (and a breach of it) counts only when no filter is set.
-- unit: counts
-- better: none
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: orders, breaches, crimes
-- shape: counts = ["refused", "withdrawn", "active_at_end", "expiring_within_90_days",
--     "breaches_in_period"],
--   rates = {breaches_per_order_in_force = ["breaches_in_period", "active_at_end"]},
--   totals = [],
--   cell_tiles = [{column = "active_at_end", tile = "orders_active_at_end"}]
with typed_orders as (
    select
        orders.decision,
        orders.decision_date,
        orders.expiry_date,
        order_in_force(orders.decision, orders.decision_date, orders.expiry_date, $period_end)
            as is_active_at_end
    from filtered_orders($local_authority, $subgroup, $age_band, $domestic_abuse) as orders
    semi join ref_order_types on ref_order_types.code = orders.order_type
),

order_counts as (
    select
        count(*) filter (
            where decision = 'refused' and decision_date between $period_start and $period_end
        ) as refused,
        count(*) filter (
            where decision = 'withdrawn' and decision_date between $period_start and $period_end
        ) as withdrawn,
        count(*) filter (where is_active_at_end) as active_at_end,
        count(*) filter (where is_active_at_end and expiry_date <= $period_end + 90)
            as expiring_within_90_days
    from typed_orders
),

order_breaches as (
    select count(*) as breaches_in_period
    from filtered_breaches($local_authority, $subgroup, $age_band, $domestic_abuse) as breaches
    inner join order_facts on order_facts.order_id = breaches.ref_id
    semi join ref_order_types on ref_order_types.code = order_facts.order_type
    where
        breaches.breach_of = 'order'
        and breaches.breach_date between $period_start and $period_end
)

-- Not named breaches_per_active_order: disclosure control reads a name ending in _order as a
-- sort key and would show it unprotected.
select
    order_counts.refused,
    order_counts.withdrawn,
    order_counts.active_at_end,
    order_counts.expiring_within_90_days,
    ($period_end + 1)::date as expiry_window_start_date,
    ($period_end + 90)::date as expiry_window_end_date,
    order_breaches.breaches_in_period,
    order_breaches.breaches_in_period / nullif(order_counts.active_at_end, 0)
        as breaches_per_order_in_force
from order_counts
cross join order_breaches
