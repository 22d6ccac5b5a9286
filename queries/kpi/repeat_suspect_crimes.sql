-- metric: repeat_suspect_crimes
-- label: Crimes linked to repeat suspects
-- definition: Distinct crimes recorded in the look-back window (from the period's last day less
--   lookback_months calendar months, plus one day, to the period's last day) that are linked to
--   at least one repeat suspect: a suspect linked to at least min_crimes distinct crimes
--   recorded in that window. Only crimes (not N100 or cancelled records) that pass the filters
--   count, both towards the rule and here. min_crimes is 2 or more.
-- unit: count
-- better: none
-- basis: snapshot
-- params: period_end, lookback_months, min_crimes, local_authority, subgroup, age_band,
--   domestic_abuse
-- source: crimes, suspects
-- catalogue: 3.2
-- trend: repeat_suspects
with look_back_window as (
    select
        ($period_end - to_months($lookback_months))::date + 1 as window_start,
        $period_end::date as window_end
),

crimes_in_window as (
    select
        links.suspect_key,
        links.crime_key
    from filtered_repeat_candidates($local_authority, $subgroup, $age_band, $domestic_abuse)
        as links
    cross join look_back_window
    where links.recorded_date between look_back_window.window_start and look_back_window.window_end
),

repeat_suspects as (
    select suspect_key
    from crimes_in_window
    group by suspect_key
    having count(*) >= $min_crimes
)

select count(distinct crimes_in_window.crime_key) as repeat_suspect_crimes
from crimes_in_window
semi join repeat_suspects on repeat_suspects.suspect_key = crimes_in_window.suspect_key
