-- metric: s63g_application_before_nfa
-- label: s63G application dated before the NFA decision
-- definition: s63G PACE retention records (biometrics) whose application to the Biometrics
--   Commissioner is dated earlier than the no-further-action decision that makes the material
--   deletable. The application is made because of that decision, so one of the two dates is
--   wrong, and so is the time taken to apply. One row per record: crime_ref, suspect_id,
--   nfa_date, application_date. Ordered by crime_ref, then suspect_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: biometrics
with applications_before_nfa as (
    select
        crime_ref,
        suspect_id,
        nfa_date,
        application_date
    from biometrics
    where application_date < nfa_date
)

select
    crime_ref,
    suspect_id,
    nfa_date,
    application_date
from applications_before_nfa
order by crime_ref, suspect_id
