-- metric: s63g_decision_before_application
-- label: s63G decision dated before the application
-- definition: s63G PACE retention records (biometrics) whose decision date is earlier than the
--   date of the application to the Biometrics Commissioner, or that have a decision date but no
--   application at all. The Commissioner decides on an application, so a date is wrong or
--   missing, and so is the time taken to decide. One row per record: crime_ref, suspect_id,
--   application_date (null when none is recorded), decision, decision_date. Ordered by
--   crime_ref, then suspect_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: biometrics
with decisions_before_application as (
    select
        crime_ref,
        suspect_id,
        application_date,
        decision,
        decision_date
    from biometrics
    where
        decision_date is not null
        and (application_date is null or decision_date < application_date)
)

select
    crime_ref,
    suspect_id,
    application_date,
    decision,
    decision_date
from decisions_before_application
order by crime_ref, suspect_id
