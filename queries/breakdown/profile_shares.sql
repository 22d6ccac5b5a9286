-- metric: profile_shares
-- label: Problem profile in figures, with the year before
-- definition: One row of figures for the period and the same figures for the year before. The
--   year before runs from the period's first day less one year to its last day less one year
--   (same calendar dates; 29 February becomes 28 February; 28 February stays 28 February, so
--   the year before February 2025 ends on 28 February 2024, leaving out the 29th).
--   crimes_recorded: crimes with a recorded date in the window. domestic_abuse_count: of those, flagged domestic abuse;
--   domestic_abuse_known_count: of those, with a known flag (true or false);
--   domestic_abuse_share = domestic_abuse_count / domestic_abuse_known_count (an unknown flag is
--   left out of both). non_recent_count: of those, reported more than 365 days after the offence
--   date; offence_date_known_count: of those, with an offence date; non_recent_share =
--   non_recent_count / offence_date_known_count (as the kpi non_recent_share). n100_count:
--   records of type N100 with a reported date in the window. cancelled_count: records of type
--   cancelled (crime records later cancelled) with a reported date in the window. The same
--   columns with the suffix _previous_year hold the year before; previous_year_start and
--   previous_year_end give its dates. Shares are fractions, null when the denominator is 0. All
--   filters apply, to N100 and cancelled records too.
-- unit: counts
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- shape: counts = ["crimes_recorded", "domestic_abuse_count", "domestic_abuse_known_count",
--     "non_recent_count", "offence_date_known_count", "n100_count", "cancelled_count",
--     "crimes_recorded_previous_year", "domestic_abuse_count_previous_year",
--     "domestic_abuse_known_count_previous_year", "non_recent_count_previous_year",
--     "offence_date_known_count_previous_year", "n100_count_previous_year",
--     "cancelled_count_previous_year"],
--   rates = {domestic_abuse_share = ["domestic_abuse_count", "domestic_abuse_known_count"],
--     non_recent_share = ["non_recent_count", "offence_date_known_count"],
--     domestic_abuse_share_previous_year = ["domestic_abuse_count_previous_year",
--     "domestic_abuse_known_count_previous_year"],
--     non_recent_share_previous_year = ["non_recent_count_previous_year",
--     "offence_date_known_count_previous_year"]},
--   totals = [],
--   cell_tiles = [{column = "crimes_recorded", tile = "crimes_recorded"}, {column = "n100_count",
--     tile = "n100_reported"}]
with windows as (
    select
        $period_start::date as period_start,
        $period_end::date as period_end,
        ($period_start - interval 1 year)::date as previous_year_start,
        ($period_end - interval 1 year)::date as previous_year_end
),

records_by_window as (
    select
        records.record_type,
        records.domestic_abuse,
        records.is_non_recent,
        records.record_type = 'crime'
        and records.recorded_date between windows.period_start and windows.period_end
            as is_recorded_in_period,
        records.record_type = 'crime'
        and records.recorded_date between windows.previous_year_start and windows.previous_year_end
            as is_recorded_in_previous_year,
        coalesce(records.reported_date between windows.period_start and windows.period_end, false)
            as is_reported_in_period,
        coalesce(
            records.reported_date
            between windows.previous_year_start and windows.previous_year_end,
            false
        ) as is_reported_in_previous_year
    from filtered_records($local_authority, $subgroup, $age_band, $domestic_abuse) as records
    cross join windows
),

counts as (
    select
        count(*) filter (where is_recorded_in_period) as crimes_recorded,
        count(*) filter (where is_recorded_in_period and domestic_abuse = 'yes')
            as domestic_abuse_count,
        count(*) filter (where is_recorded_in_period and domestic_abuse is not null)
            as domestic_abuse_known_count,
        count(*) filter (where is_recorded_in_period and is_non_recent) as non_recent_count,
        count(*) filter (where is_recorded_in_period and is_non_recent is not null)
            as offence_date_known_count,
        count(*) filter (where is_reported_in_period and record_type = 'n100') as n100_count,
        count(*) filter (where is_reported_in_period and record_type = 'cancelled')
            as cancelled_count,
        count(*) filter (where is_recorded_in_previous_year) as crimes_recorded_previous_year,
        count(*) filter (where is_recorded_in_previous_year and domestic_abuse = 'yes')
            as domestic_abuse_count_previous_year,
        count(*) filter (where is_recorded_in_previous_year and domestic_abuse is not null)
            as domestic_abuse_known_count_previous_year,
        count(*) filter (where is_recorded_in_previous_year and is_non_recent)
            as non_recent_count_previous_year,
        count(*) filter (where is_recorded_in_previous_year and is_non_recent is not null)
            as offence_date_known_count_previous_year,
        count(*) filter (where is_reported_in_previous_year and record_type = 'n100')
            as n100_count_previous_year,
        count(*) filter (where is_reported_in_previous_year and record_type = 'cancelled')
            as cancelled_count_previous_year
    from records_by_window
)

select
    counts.crimes_recorded,
    counts.domestic_abuse_count,
    counts.domestic_abuse_known_count,
    counts.domestic_abuse_count / nullif(counts.domestic_abuse_known_count, 0)
        as domestic_abuse_share,
    counts.non_recent_count,
    counts.offence_date_known_count,
    counts.non_recent_count / nullif(counts.offence_date_known_count, 0) as non_recent_share,
    counts.n100_count,
    counts.cancelled_count,
    windows.previous_year_start,
    windows.previous_year_end,
    counts.crimes_recorded_previous_year,
    counts.domestic_abuse_count_previous_year,
    counts.domestic_abuse_known_count_previous_year,
    counts.domestic_abuse_count_previous_year
    / nullif(counts.domestic_abuse_known_count_previous_year, 0)
        as domestic_abuse_share_previous_year,
    counts.non_recent_count_previous_year,
    counts.offence_date_known_count_previous_year,
    counts.non_recent_count_previous_year / nullif(counts.offence_date_known_count_previous_year, 0)
        as non_recent_share_previous_year,
    counts.n100_count_previous_year,
    counts.cancelled_count_previous_year
from counts
cross join windows
