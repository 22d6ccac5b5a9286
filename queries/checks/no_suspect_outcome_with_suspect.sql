-- metric: no_suspect_outcome_with_suspect
-- label: "No suspect identified" outcome with a suspect linked
-- definition: Records whose current outcome is 18 (investigation complete, no suspect
--   identified) but that have at least one row in suspects, the measure of a suspect identified
--   used by the suspect identified rate. Either the outcome or the suspect link is wrong, and the
--   no-suspect and suspect identified rates disagree about the crime. One row per record:
--   crime_ref, record_type, outcome_code, outcome_date, suspect_count (suspects rows linked to
--   the crime). Ordered by crime_ref.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: crimes, outcomes, suspects
with suspect_counts as (
    select
        crime_ref,
        count(*) as suspect_count
    from suspects
    group by crime_ref
),

no_suspect_outcomes_with_suspect as (
    select
        crimes.crime_ref,
        crimes.record_type,
        outcomes.outcome_code,
        outcomes.outcome_date,
        suspect_counts.suspect_count
    from outcomes
    inner join crimes on crimes.crime_ref = outcomes.crime_ref
    inner join suspect_counts on suspect_counts.crime_ref = outcomes.crime_ref
    where outcomes.outcome_code = '18'
)

select
    crime_ref,
    record_type,
    outcome_code,
    outcome_date,
    suspect_count
from no_suspect_outcomes_with_suspect
order by crime_ref
