-- metric: median_hours_to_breach_action
-- label: Median hours from breach report to action
-- definition: Over the breaches of bail or orders with a breach date (the date of breach_at) in
--   the period that have an action_at (whatever the action): the median time from reported_at
--   (breach_at when reported_at is empty) to action_at, in hours, as a fraction of hours (the
--   mean of the two middle values for an even count). Filters apply through the crime of the
--   bail or order breached (a breach of an order without a crime reference counts only when no
--   filter is set). Helper column: breaches (how many were counted).
-- unit: hours
-- better: down
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: breaches, bail, orders, crimes
-- catalogue: 3.8
-- trend: none
with actioned_breaches as (
    select hours_to_action
    from filtered_breaches($local_authority, $subgroup, $age_band, $domestic_abuse)
    where breach_date between $period_start and $period_end and action_at is not null
)

select
    median(hours_to_action) as median_hours_to_breach_action,
    count(hours_to_action) as breaches
from actioned_breaches
