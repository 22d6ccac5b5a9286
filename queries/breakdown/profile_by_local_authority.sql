-- metric: profile_by_local_authority
-- label: Problem profile by local authority
-- definition: The problem profile's counts for each local authority: one row per Gwent
--   authority of the reference list (by English name), then "unknown" (a local authority that is
--   blank, unknown or not a Gwent GSS code), all six always present (zeros included). Every
--   filter applies as usual, the local-authority filter too, so a filtered view has figures only
--   in that authority's row. Columns: local_authority (GSS code, or "unknown"), name_en and
--   name_cy (the English and Welsh names; null for "unknown"), crimes_recorded (crimes with a
--   recorded date in the period), rape_count and other_count (of those, rape and other sexual
--   offences), domestic_abuse_count (of those, flagged domestic abuse), non_recent_count (of
--   those, reported more than 365 days after the offence date), n100_count and cancelled_count
--   (records of type N100 and cancelled with a reported date in the period),
--   crimes_recorded_previous_year (crimes with a recorded date in the year before: from the
--   period's first day less one year to its last day less one year, as in profile_shares: 29
--   February becomes 28 February).
-- unit: counts
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- shape: counts = ["crimes_recorded", "rape_count", "other_count", "domestic_abuse_count",
--     "non_recent_count", "n100_count", "cancelled_count", "crimes_recorded_previous_year"],
--   row_total = {total = "crimes_recorded", parts = ["rape_count", "other_count"]},
--   tiles = {rape_count = "rape_recorded", other_count = "other_sexual_recorded"},
--   total_source = {table = "profile_shares", columns = ["crimes_recorded",
--     "domestic_abuse_count", "non_recent_count", "n100_count", "cancelled_count",
--     "crimes_recorded_previous_year"]},
--   zeros = [{rows = "local_authority", counts = ["crimes_recorded", "rape_count", "other_count",
--     "domestic_abuse_count", "non_recent_count", "n100_count", "cancelled_count",
--     "crimes_recorded_previous_year"], filter = "local_authority"}, {subgroup = ["rape_count",
--     "other_count"]}]
with local_authorities as (
    select
        gss_code as local_authority,
        name_en,
        name_cy
    from ref_local_authorities
    union all
    select
        'unknown' as local_authority,
        null as name_en,
        null as name_cy
),

windows as (
    select
        $period_start::date as period_start,
        $period_end::date as period_end,
        ($period_start - interval 1 year)::date as previous_year_start,
        ($period_end - interval 1 year)::date as previous_year_end
),

records_by_window as (
    select
        records.local_authority::varchar as local_authority,
        records.record_type,
        records.subgroup,
        records.domestic_abuse,
        records.is_non_recent,
        records.record_type = 'crime'
        and records.recorded_date between windows.period_start and windows.period_end
            as is_recorded_in_period,
        records.record_type = 'crime'
        and records.recorded_date between windows.previous_year_start and windows.previous_year_end
            as is_recorded_in_previous_year,
        coalesce(records.reported_date between windows.period_start and windows.period_end, false)
            as is_reported_in_period
    from filtered_records($local_authority, $subgroup, $age_band, $domestic_abuse) as records
    cross join windows
),

counts_by_local_authority as (
    select
        local_authority,
        count(*) filter (where is_recorded_in_period) as crimes_recorded,
        count(*) filter (where is_recorded_in_period and subgroup = 'rape') as rape_count,
        count(*) filter (where is_recorded_in_period and subgroup = 'other') as other_count,
        count(*) filter (where is_recorded_in_period and domestic_abuse = 'yes')
            as domestic_abuse_count,
        count(*) filter (where is_recorded_in_period and is_non_recent) as non_recent_count,
        count(*) filter (where is_reported_in_period and record_type = 'n100') as n100_count,
        count(*) filter (where is_reported_in_period and record_type = 'cancelled')
            as cancelled_count,
        count(*) filter (where is_recorded_in_previous_year) as crimes_recorded_previous_year
    from records_by_window
    group by local_authority
)

select
    local_authorities.local_authority,
    local_authorities.name_en,
    local_authorities.name_cy,
    coalesce(counts.crimes_recorded, 0) as crimes_recorded,
    coalesce(counts.rape_count, 0) as rape_count,
    coalesce(counts.other_count, 0) as other_count,
    coalesce(counts.domestic_abuse_count, 0) as domestic_abuse_count,
    coalesce(counts.non_recent_count, 0) as non_recent_count,
    coalesce(counts.n100_count, 0) as n100_count,
    coalesce(counts.cancelled_count, 0) as cancelled_count,
    coalesce(counts.crimes_recorded_previous_year, 0) as crimes_recorded_previous_year
from local_authorities
left join counts_by_local_authority as counts
    on counts.local_authority = local_authorities.local_authority
order by
    local_authorities.local_authority = 'unknown',
    local_authorities.name_en,
    local_authorities.local_authority
