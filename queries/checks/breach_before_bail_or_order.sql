-- metric: breach_before_bail_or_order
-- label: Breach dated before the bail or order began
-- definition: Breaches dated before the bail or order they breach began: for a breach of bail,
--   before the bail's start date; for a breach of an order, before the order's applied date (the
--   application or notice, the earliest the order can bind). Nothing can be breached before it
--   exists, so the breach, its date or the bail or order it refers to is wrong. A bare date
--   counts as midnight at the start of that day. One row per breach: breach_id, breach_of, ref_id,
--   breach_at, began_date (the bail's start date or the order's applied date). Ordered by
--   breach_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: breaches, bail, orders
with breached_things as (
    select
        'bail' as breach_of,
        bail_id as ref_id,
        start_date as began_date
    from bail
    union all
    select
        'order' as breach_of,
        order_id as ref_id,
        applied_date as began_date
    from orders
),

breaches_before_beginning as (
    select
        breaches.breach_id,
        breaches.breach_of,
        breaches.ref_id,
        breaches.breach_at,
        breached_things.began_date
    from breaches
    inner join breached_things
        on
            breached_things.breach_of = breaches.breach_of
            and breached_things.ref_id = breaches.ref_id
    where breaches.breach_at < breached_things.began_date
)

select
    breach_id,
    breach_of,
    ref_id,
    breach_at,
    began_date
from breaches_before_beginning
order by breach_id
