-- metric: offence_mix
-- label: Crimes recorded by offence
-- definition: Crimes recorded in the period by Home Office offence code. One row per code of the
--   offence reference list, zeros included (with a subgroup filter the other subgroup's codes
--   are all 0), plus any code outside the list that occurs (description null, counted as "Other
--   sexual offences", as the subgroup filter treats it). Ordered rape codes first, then by the
--   code's number and letter suffix. Columns: offence_order (1, 2, ... in that order),
--   offence_code, offence_description, offence_subgroup ("Rape" or "Other sexual offences"),
--   recorded_count, recorded_share (of all crimes recorded in the period; null when there are
--   none).
-- unit: counts
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- shape: counts = ["recorded_count"],
--   shares = {recorded_share = "recorded_count"},
--   tiles = {recorded_count = "crimes_recorded"},
--   category = "offence_code",
--   group = "offence_subgroup",
--   group_tiles = [{column = "recorded_count", group = "Rape", tile = "rape_recorded"},
--     {column = "recorded_count", group = "Other sexual offences",
--     tile = "other_sexual_recorded"}],
--   zeros = [{rows = "offence_subgroup", counts = ["recorded_count"], filter = "subgroup",
--     values = {rape = "Rape", other = "Other sexual offences"}}]
with crimes_recorded_in_period as (
    select crimes.ho_offence_code
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse) as facts
    inner join crimes on crimes.crime_ref = facts.crime_ref
    where
        facts.recorded_date between $period_start and $period_end
        -- the same day (crime_facts takes it from crimes): lets the scan of crimes skip the
        -- other years, as crimes is stored in recorded_date order
        and crimes.recorded_date between $period_start and $period_end
),

counts_by_code as (
    select
        ho_offence_code,
        count(*) as recorded_count
    from crimes_recorded_in_period
    group by ho_offence_code
),

codes_with_counts as (
    select
        coalesce(ref_offence_codes.code, counts_by_code.ho_offence_code) as offence_code,
        ref_offence_codes.description as offence_description,
        coalesce(ref_offence_codes.subgroup, 'Other sexual offences') as offence_subgroup,
        coalesce(counts_by_code.recorded_count, 0) as recorded_count
    from ref_offence_codes
    full join counts_by_code on counts_by_code.ho_offence_code = ref_offence_codes.code
),

codes_in_order as (
    select
        row_number() over (
            order by
                offence_subgroup <> 'Rape',
                try_cast(regexp_extract(offence_code, '^[0-9]+') as integer) nulls last,
                regexp_extract(offence_code, '[^0-9]*$'),
                offence_code
        ) as offence_order,
        offence_code,
        offence_description,
        offence_subgroup,
        recorded_count
    from codes_with_counts
)

select
    offence_order,
    offence_code,
    offence_description,
    offence_subgroup,
    recorded_count,
    recorded_count / nullif(sum(recorded_count) over (), 0) as recorded_share
from codes_in_order
order by offence_order
