-- metric: arrest_before_report
-- label: Arrest dated before the crime was reported
-- definition: Suspects whose arrest date for a crime is earlier than the date that crime was
--   first reported to police. An arrest for a crime follows its report, so either date is wrong
--   (or the suspect is linked to the wrong crime); days to arrest and the arrest rate are wrong
--   with it. One row per suspect of a crime: crime_ref, suspect_id, reported_date, arrest_date.
--   Ordered by crime_ref, then suspect_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: crimes, suspects
with arrests_before_report as (
    select
        suspects.crime_ref,
        suspects.suspect_id,
        crimes.reported_date,
        suspects.arrest_date
    from suspects
    inner join crimes on crimes.crime_ref = suspects.crime_ref
    where suspects.arrest_date < crimes.reported_date
)

select
    crime_ref,
    suspect_id,
    reported_date,
    arrest_date
from arrests_before_report
order by crime_ref, suspect_id
