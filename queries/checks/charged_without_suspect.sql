-- metric: charged_without_suspect
-- label: Charged with no suspect linked
-- definition: Records whose current outcome is a charge or summons (outcome 1 or 1A) but that
--   have no row in suspects. Someone was charged, so the suspects table is missing who: the
--   suspect, arrest and biometrics figures miss this crime. One row per record: crime_ref,
--   record_type, outcome_code, outcome_date. Ordered by crime_ref.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: crimes, outcomes, suspects
with charged_records as (
    select
        crimes.crime_ref,
        crimes.record_type,
        outcomes.outcome_code,
        outcomes.outcome_date
    from outcomes
    inner join crimes on crimes.crime_ref = outcomes.crime_ref
    where outcomes.outcome_code in ('1', '1A')
),

charged_without_suspect as (
    select
        charged_records.crime_ref,
        charged_records.record_type,
        charged_records.outcome_code,
        charged_records.outcome_date
    from charged_records
    anti join suspects on suspects.crime_ref = charged_records.crime_ref
)

select
    crime_ref,
    record_type,
    outcome_code,
    outcome_date
from charged_without_suspect
order by crime_ref
