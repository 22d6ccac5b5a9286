-- metric: repeat_suspects
-- label: Repeat suspects
-- definition: People (distinct suspect_id) linked as a suspect to at least min_crimes distinct
--   crimes whose recorded date falls in the look-back window: from the period's last day less
--   lookback_months calendar months, plus one day, to the period's last day (36 months to 31
--   March 2025 is 1 April 2022 to 31 March 2025). Only crimes (not N100 or cancelled records)
--   that pass the filters count towards the rule. min_crimes is 2 or more (1 to 120 months of
--   look-back); the default rule is 2 crimes in 36 months. Helper columns: window_start,
--   window_end.
-- unit: count
-- better: none
-- basis: snapshot
-- params: period_end, lookback_months, min_crimes, local_authority, subgroup, age_band,
--   domestic_abuse
-- source: crimes, suspects
-- catalogue: 3.1
-- tile: disruption 1
with look_back_window as (
    select
        ($period_end - to_months($lookback_months))::date + 1 as window_start,
        $period_end::date as window_end
),

crimes_in_window as (
    select links.suspect_key
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

select
    (select count(*) from repeat_suspects) as repeat_suspects,
    look_back_window.window_start,
    look_back_window.window_end
from look_back_window
