-- metric: s63g_eligible
-- label: Suspects eligible for an s63G application
-- definition: Rows of biometrics (one per suspect and crime) whose no-further-action decision
--   (nfa_date), which makes the suspect's DNA and fingerprints deletable unless retention is
--   applied for under s63G PACE 1984, is in the period. Filters apply through the crime.
-- unit: count
-- better: none
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: biometrics, crimes
-- catalogue: 3.12
-- trend: s63g_applications
with eligible_in_period as (
    select suspect_id
    from filtered_biometrics($local_authority, $subgroup, $age_band, $domestic_abuse)
    where nfa_date between $period_start and $period_end
)

select count(*) as s63g_eligible
from eligible_in_period
