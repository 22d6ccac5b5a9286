-- metric: s63g_application_rate
-- label: s63G application rate
-- definition: Of the rows eligible in the period (biometrics rows with an nfa_date in the
--   period), the share with an s63G application (an application_date, whenever made, as at the
--   data's as-at date): s63g_applications / s63g_eligible. Filters apply through the crime.
--   Helper columns: numerator (applications), denominator (eligible).
-- unit: rate
-- better: up
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: biometrics, crimes
-- catalogue: 3.14
-- tile: disruption 5
-- trend: none
-- hide_with: s63g_applications, s63g_eligible
with eligible_in_period as (
    select application_date
    from filtered_biometrics($local_authority, $subgroup, $age_band, $domestic_abuse)
    where nfa_date between $period_start and $period_end
),

counts as (
    select
        count(application_date) as numerator,
        count(*) as denominator
    from eligible_in_period
)

select
    numerator / nullif(denominator, 0) as s63g_application_rate,
    numerator,
    denominator
from counts
