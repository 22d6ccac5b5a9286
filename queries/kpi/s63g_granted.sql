-- metric: s63g_granted
-- label: s63G applications granted
-- definition: Of the rows eligible in the period (biometrics rows with an nfa_date in the
--   period), those whose s63G decision is "granted" (whenever decided, as at the data's as-at
--   date): retention for three years. Filters apply through the crime.
-- unit: count
-- better: up
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: biometrics, crimes
-- catalogue: 3.15
-- trend: s63g_applications
with eligible_in_period as (
    select decision
    from filtered_biometrics($local_authority, $subgroup, $age_band, $domestic_abuse)
    where nfa_date between $period_start and $period_end
)

select count(*) filter (where decision = 'granted') as s63g_granted
from eligible_in_period
