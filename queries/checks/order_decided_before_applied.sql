-- metric: order_decided_before_applied
-- label: Order decided before it was applied for
-- definition: Protective orders whose decision date is earlier than the date they were applied
--   for (or the notice given). A decision follows its application, so one of the two dates is
--   wrong, and so is the time taken to decide. One row per order: order_id, suspect_id,
--   crime_ref (null for an order not linked to a crime), order_type, applied_date, decision,
--   decision_date. Ordered by order_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: orders
with orders_decided_before_applied as (
    select
        order_id,
        suspect_id,
        crime_ref,
        order_type,
        applied_date,
        decision,
        decision_date
    from orders
    where decision_date < applied_date
)

select
    order_id,
    suspect_id,
    crime_ref,
    order_type,
    applied_date,
    decision,
    decision_date
from orders_decided_before_applied
order by order_id
