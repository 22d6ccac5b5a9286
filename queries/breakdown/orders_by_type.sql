-- metric: orders_by_type
-- label: Protective orders by type
-- definition: One row per order type of the reference list (all twelve, zeros included, in the
--   list's order): order_type_order, order_type (code), order_type_name; applied (applied_date
--   in the period); granted, refused, withdrawn (that decision, with a decision date in the
--   period); active_at_end (granted, decided on or before the period's last day, no expiry date
--   or one after it); expiring_within_90_days (of active_at_end, those with an expiry date no
--   more than 90 days after the last day); breaches_in_period (breaches of orders of the type
--   with a breach date in the period, whether or not the order is still in force);
--   breaches_per_active_order (breaches_in_period / active_at_end; null when none is active).
--   Filters apply through the order's crime; an order without a crime reference (and a breach
--   of it) counts only when no filter is set.
-- unit: counts
-- better: none
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: orders, breaches, crimes
-- shape: counts = ["applied", "granted", "refused", "withdrawn", "active_at_end",
--     "expiring_within_90_days", "breaches_in_period"],
--   rates = {breaches_per_active_order = ["breaches_in_period", "active_at_end"]},
--   tiles = {applied = "orders_applied", granted = "orders_granted",
--     active_at_end = "orders_active_at_end"},
--   total_source = {table = "orders_summary", columns = ["refused", "withdrawn", "active_at_end",
--     "expiring_within_90_days", "breaches_in_period"]}
with order_types as (
    select
        rowid + 1 as order_type_order,
        code as order_type,
        name as order_type_name
    from ref_order_types
),

filtered as (
    select
        order_id,
        order_type,
        applied_date,
        decision,
        decision_date,
        expiry_date,
        order_in_force(decision, decision_date, expiry_date, $period_end) as is_active_at_end
    from filtered_orders($local_authority, $subgroup, $age_band, $domestic_abuse)
),

counts_by_type as (
    select
        order_type,
        count(*) filter (where applied_date between $period_start and $period_end) as applied,
        count(*) filter (
            where decision = 'granted' and decision_date between $period_start and $period_end
        ) as granted,
        count(*) filter (
            where decision = 'refused' and decision_date between $period_start and $period_end
        ) as refused,
        count(*) filter (
            where decision = 'withdrawn' and decision_date between $period_start and $period_end
        ) as withdrawn,
        count(*) filter (where is_active_at_end) as active_at_end,
        count(*) filter (where is_active_at_end and expiry_date <= $period_end + 90)
            as expiring_within_90_days
    from filtered
    group by order_type
),

breaches_by_type as (
    select
        order_facts.order_type,
        count(*) as breaches_in_period
    from filtered_breaches($local_authority, $subgroup, $age_band, $domestic_abuse) as breaches
    inner join order_facts on order_facts.order_id = breaches.ref_id
    where
        breaches.breach_of = 'order'
        and breaches.breach_date between $period_start and $period_end
    group by order_facts.order_type
)

select
    order_types.order_type_order,
    order_types.order_type,
    order_types.order_type_name,
    coalesce(counts_by_type.applied, 0) as applied,
    coalesce(counts_by_type.granted, 0) as granted,
    coalesce(counts_by_type.refused, 0) as refused,
    coalesce(counts_by_type.withdrawn, 0) as withdrawn,
    coalesce(counts_by_type.active_at_end, 0) as active_at_end,
    coalesce(counts_by_type.expiring_within_90_days, 0) as expiring_within_90_days,
    coalesce(breaches_by_type.breaches_in_period, 0) as breaches_in_period,
    breaches_by_type.breaches_in_period / nullif(counts_by_type.active_at_end, 0)
        as breaches_per_active_order
from order_types
left join counts_by_type on counts_by_type.order_type = order_types.order_type
left join breaches_by_type on breaches_by_type.order_type = order_types.order_type
order by order_types.order_type_order
