-- metric: breach_action_within_24h_rate
-- label: Breaches acted on within 24 hours
-- definition: Of the breaches of bail or orders with a breach date (the date of breach_at) in
--   the period, the share met with an arrest, charge or summons (action "arrest", "charge" or
--   "summons") no more than 24 hours after police learned of the breach: action_at less
--   reported_at (breach_at when reported_at is empty) at most 24 hours, exactly 24 hours
--   included. A breach with no action, another action or no action_at is not. Filters apply
--   through the crime of the bail or order breached (a breach of an order without a crime
--   reference counts only when no filter is set). Helper columns: numerator (acted on within 24
--   hours), denominator (breaches in the period).
-- unit: rate
-- better: up
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: breaches, bail, orders, crimes
-- catalogue: 3.7
-- tile: disruption 3
-- trend: none
with breaches_in_period as (
    select
        action,
        hours_to_action
    from filtered_breaches($local_authority, $subgroup, $age_band, $domestic_abuse)
    where breach_date between $period_start and $period_end
),

counts as (
    select
        count(*) filter (
            where action in ('arrest', 'charge', 'summons') and hours_to_action <= 24
        ) as numerator,
        count(*) as denominator
    from breaches_in_period
)

select
    numerator / nullif(denominator, 0) as breach_action_within_24h_rate,
    numerator,
    denominator
from counts
