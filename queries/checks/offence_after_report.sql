-- metric: offence_after_report
-- label: Offence dated after it was reported
-- definition: Records whose offence date (the earliest date the offence was committed) is later
--   than the date the crime was first reported to police. An offence cannot be reported before it
--   is committed, so one of the two dates is wrong, and so is whether the record counts as
--   non-recent. One row per record: crime_ref, record_type, offence_date, reported_date. Ordered
--   by crime_ref.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: crimes
with offences_after_report as (
    select
        crime_ref,
        record_type,
        offence_date,
        reported_date
    from crimes
    where offence_date > reported_date
)

select
    crime_ref,
    record_type,
    offence_date,
    reported_date
from offences_after_report
order by crime_ref
