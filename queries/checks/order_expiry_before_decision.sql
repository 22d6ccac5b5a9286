-- metric: order_expiry_before_decision
-- label: Order expiring before it was decided
-- definition: Protective orders whose expiry date is earlier than their decision date. An order
--   cannot end before the court (or officer) decides it, so one of the two dates is wrong, and so
--   is whether the order was in force on a day. Orders with no expiry date (no fixed end) or no
--   decision date (pending) are not checked. One row per order: order_id, suspect_id, crime_ref
--   (null for an order not linked to a crime), order_type, decision, decision_date, expiry_date.
--   Ordered by order_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: orders
with orders_expiring_before_decision as (
    select
        order_id,
        suspect_id,
        crime_ref,
        order_type,
        decision,
        decision_date,
        expiry_date
    from orders
    where expiry_date < decision_date
)

select
    order_id,
    suspect_id,
    crime_ref,
    order_type,
    decision,
    decision_date,
    expiry_date
from orders_expiring_before_decision
order by order_id
