-- metric: repeat_suspects
-- label: Repeat suspects at month end
-- definition: The repeat-suspect rule applied at the end of each calendar month of the period
--   (at the period's last day for a month that ends after it): suspects linked to at least
--   min_crimes distinct crimes recorded in the look-back window ending that day (from that day
--   less lookback_months calendar months, plus one day), and the distinct crimes in that window
--   linked to them. Only crimes (not N100 or cancelled records) that pass the filters count.
--   One row per month_start: snapshot_date (the day the rule is applied), repeat_suspects,
--   repeat_suspect_crimes.
-- unit: count
-- better: none
-- basis: snapshot
-- params: period_start, period_end, lookback_months, min_crimes, local_authority, subgroup,
--   age_band, domestic_abuse
-- source: crimes, suspects
-- shape: counts = ["repeat_suspects", "repeat_suspect_crimes"],
--   last_tiles = {repeat_suspects = "repeat_suspects",
--     repeat_suspect_crimes = "repeat_suspect_crimes"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

snapshots as (
    select
        month_start,
        least((month_start + interval 1 month - interval 1 day)::date, $period_end) as snapshot_date
    from months
),

windows as (
    select
        month_start,
        snapshot_date,
        (snapshot_date - to_months($lookback_months))::date + 1 as window_start
    from snapshots
),

-- Only repeat candidates (suspects with at least 2 crimes in all; see _schema.sql) can be
-- repeat suspects: the range join takes only their links.
links_in_windows as (
    select
        windows.month_start,
        links.suspect_key,
        links.crime_key
    from windows
    inner join (
        -- no window starts before the period's first day less the look-back, nor ends after
        -- the period: the rest of the years are not read (the facts are sorted by this date)
        select suspect_key, crime_key, recorded_date
        from filtered_repeat_candidates($local_authority, $subgroup, $age_band, $domestic_abuse)
        where
            recorded_date >= ($period_start - to_months($lookback_months))::date
            and recorded_date <= $period_end
    ) as links
        on links.recorded_date between windows.window_start and windows.snapshot_date
),

repeat_suspects as (
    select
        month_start,
        suspect_key
    from links_in_windows
    group by month_start, suspect_key
    having count(*) >= $min_crimes
),

monthly_suspects as (
    select
        month_start,
        count(*) as repeat_suspects
    from repeat_suspects
    group by month_start
),

monthly_crimes as (
    select
        links_in_windows.month_start,
        count(distinct links_in_windows.crime_key) as repeat_suspect_crimes
    from links_in_windows
    semi join repeat_suspects
        on
            repeat_suspects.month_start = links_in_windows.month_start
            and repeat_suspects.suspect_key = links_in_windows.suspect_key
    group by links_in_windows.month_start
)

select
    windows.month_start,
    windows.snapshot_date,
    coalesce(monthly_suspects.repeat_suspects, 0) as repeat_suspects,
    coalesce(monthly_crimes.repeat_suspect_crimes, 0) as repeat_suspect_crimes
from windows
left join monthly_suspects on monthly_suspects.month_start = windows.month_start
left join monthly_crimes on monthly_crimes.month_start = windows.month_start
order by windows.month_start
