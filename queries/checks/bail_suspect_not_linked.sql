-- metric: bail_suspect_not_linked
-- label: Bailed suspect not linked to the crime
-- definition: Periods of bail, release under investigation or remand whose suspect is not linked
--   to the bail's crime in suspects (no suspects row with the same crime_ref and suspect_id).
--   Someone released for a crime should be one of its suspects: either the suspect or the crime
--   on the bail row is wrong, or the suspects table is missing a row, and figures that follow a
--   suspect from arrest to release miss this one. One row per period: bail_id, crime_ref,
--   suspect_id, release_type, start_date. Ordered by bail_id.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: bail, suspects
with bail_without_linked_suspect as (
    select
        bail.bail_id,
        bail.crime_ref,
        bail.suspect_id,
        bail.release_type,
        bail.start_date
    from bail
    anti join suspects
        on suspects.crime_ref = bail.crime_ref and suspects.suspect_id = bail.suspect_id
)

select
    bail_id,
    crime_ref,
    suspect_id,
    release_type,
    start_date
from bail_without_linked_suspect
order by bail_id
