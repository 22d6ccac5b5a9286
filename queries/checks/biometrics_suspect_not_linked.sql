-- metric: biometrics_suspect_not_linked
-- label: Biometrics record for a suspect not linked to the crime
-- definition: s63G PACE retention records (biometrics) whose suspect is not linked to the
--   record's crime in suspects (no suspects row with the same crime_ref and suspect_id). Material
--   is taken from a suspect of the crime, so either the suspect or the crime on the biometrics
--   row is wrong, or the suspects table is missing a row. One row per record: crime_ref,
--   suspect_id, nfa_date, application_date. Ordered by crime_ref, then suspect_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: biometrics, suspects
with biometrics_without_linked_suspect as (
    select
        biometrics.crime_ref,
        biometrics.suspect_id,
        biometrics.nfa_date,
        biometrics.application_date
    from biometrics
    anti join suspects
        on
            suspects.crime_ref = biometrics.crime_ref
            and suspects.suspect_id = biometrics.suspect_id
)

select
    crime_ref,
    suspect_id,
    nfa_date,
    application_date
from biometrics_without_linked_suspect
order by crime_ref, suspect_id
