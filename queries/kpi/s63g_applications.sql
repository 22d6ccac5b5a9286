-- metric: s63g_applications
-- label: s63G applications made
-- definition: Of the rows eligible in the period (biometrics rows with an nfa_date in the
--   period), those with an s63G application to the Biometrics Commissioner (an
--   application_date, whenever made, as at the data's as-at date). Filters apply through the
--   crime.
-- unit: count
-- better: up
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: biometrics, crimes
-- catalogue: 3.13
with eligible_in_period as (
    select application_date
    from filtered_biometrics($local_authority, $subgroup, $age_band, $domestic_abuse)
    where nfa_date between $period_start and $period_end
)

select count(application_date) as s63g_applications
from eligible_in_period
