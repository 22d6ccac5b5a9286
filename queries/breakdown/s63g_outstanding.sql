-- metric: s63g_outstanding
-- label: No s63G application made yet
-- definition: Biometrics rows whose no-further-action decision (nfa_date) is on or before the
--   period's last day and for which no s63G application has been made (no application_date, as
--   at the data's as-at date), oldest decision first (then suspect_id, crime_ref). Columns:
--   suspect_id, crime_ref, nfa_date, days_since_nfa (calendar days from nfa_date to the
--   period's last day). Filters apply through the crime.
-- unit: counts
-- better: none
-- basis: snapshot
-- params: period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: biometrics, crimes
-- shape: withheld = "a list of pseudonymised suspects, never shown to the scrutiny role"
-- access: view_suspect_level
with outstanding as (
    select
        suspect_id,
        crime_ref,
        nfa_date
    from filtered_biometrics($local_authority, $subgroup, $age_band, $domestic_abuse)
    where nfa_date <= $period_end and application_date is null
)

select
    suspect_id,
    crime_ref,
    nfa_date,
    $period_end - nfa_date as days_since_nfa
from outstanding
order by nfa_date, suspect_id, crime_ref
