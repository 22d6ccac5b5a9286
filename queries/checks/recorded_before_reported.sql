-- metric: recorded_before_reported
-- label: Recorded before it was reported
-- definition: Records of crimes whose recorded date is earlier than their reported date (the
--   date the crime was first reported to police). A crime cannot be recorded before it is
--   reported, so one of the two dates is wrong, and so is every time measured from them. The
--   upload warns about each such row; this check lists those in the current data. One row per
--   record: crime_ref, record_type, reported_date, recorded_date. Ordered by crime_ref.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: crimes
with records_recorded_before_reported as (
    select
        crime_ref,
        record_type,
        reported_date,
        recorded_date
    from crimes
    where recorded_date < reported_date
)

select
    crime_ref,
    record_type,
    reported_date,
    recorded_date
from records_recorded_before_reported
order by crime_ref
