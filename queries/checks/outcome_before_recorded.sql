-- metric: outcome_before_recorded
-- label: Outcome dated before the crime was recorded
-- definition: Records whose current outcome (the row in outcomes) is dated earlier than the date
--   the crime was recorded. An outcome can only be assigned to a recorded crime, so one of the two
--   dates is wrong; days to outcome (and so the medians) and the outcomes counted in a period
--   are wrong with it. Records without a recorded date (N100) are not checked. One row per record:
--   crime_ref, record_type, recorded_date, outcome_code, outcome_date. Ordered by crime_ref.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: crimes, outcomes
with outcomes_before_recorded as (
    select
        crimes.crime_ref,
        crimes.record_type,
        crimes.recorded_date,
        outcomes.outcome_code,
        outcomes.outcome_date
    from outcomes
    inner join crimes on crimes.crime_ref = outcomes.crime_ref
    where outcomes.outcome_date < crimes.recorded_date
)

select
    crime_ref,
    record_type,
    recorded_date,
    outcome_code,
    outcome_date
from outcomes_before_recorded
order by crime_ref
