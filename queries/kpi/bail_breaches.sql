-- metric: bail_breaches
-- label: Breaches of bail conditions
-- definition: Breaches of bail conditions (breach_of "bail") whose breach date (the date of
--   breach_at) is in the period. Filters apply through the crime of the bail breached.
-- unit: count
-- better: none
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: breaches, bail, crimes
-- catalogue: 3.5
with breaches_in_period as (
    select breach_id
    from filtered_breaches($local_authority, $subgroup, $age_band, $domestic_abuse)
    where breach_of = 'bail' and breach_date between $period_start and $period_end
)

select count(*) as bail_breaches
from breaches_in_period
