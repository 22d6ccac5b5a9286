-- metric: bail_end_before_start
-- label: Bail or release ending before it starts
-- definition: Periods of bail, release under investigation or remand whose end date is earlier
--   than their start date. A period cannot end before it starts, so one of the dates is wrong,
--   and the time on bail and whether the release was in force on a day are wrong with it. One
--   row per period: bail_id, crime_ref, suspect_id, release_type, start_date, end_date. Ordered
--   by bail_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: bail
with bail_ending_before_start as (
    select
        bail_id,
        crime_ref,
        suspect_id,
        release_type,
        start_date,
        end_date
    from bail
    where end_date < start_date
)

select
    bail_id,
    crime_ref,
    suspect_id,
    release_type,
    start_date,
    end_date
from bail_ending_before_start
order by bail_id
