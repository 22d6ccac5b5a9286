-- metric: crimes_unknown_local_authority
-- label: Record with an unknown local authority
-- definition: Records of every type (crime, N100, cancelled) whose local authority is not one of
--   Gwent's five: left blank, or given as something the upload did not recognise (stored as
--   "unknown"). These records count under "unknown" in every local authority figure and are
--   missing from each authority's own figures. One row per record: crime_ref, record_type,
--   reported_date, local_authority (as stored: "unknown", or null when blank). Ordered by
--   crime_ref.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: crimes
with records_without_known_local_authority as (
    select
        crime_ref,
        record_type,
        reported_date,
        local_authority
    from crimes
    where
        local_authority is null
        or local_authority not in (select gss_code from ref_local_authorities)
)

select
    crime_ref,
    record_type,
    reported_date,
    local_authority
from records_without_known_local_authority
order by crime_ref
