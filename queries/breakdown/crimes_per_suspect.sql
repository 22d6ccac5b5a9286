-- metric: crimes_per_suspect
-- label: Suspects by number of crimes in the look-back window
-- definition: The suspects linked to at least one crime recorded in the look-back window (from
--   the period's last day less lookback_months calendar months, plus one day, to that day),
--   counted by how many distinct such crimes each is linked to. Only crimes (not N100 or
--   cancelled records) that pass the filters count. One row per number of crimes that occurs
--   (numbers no suspect has are left out), fewest first: crimes, suspects, is_repeat (true when
--   crimes is at least min_crimes: those suspects are the repeat suspects).
-- unit: counts
-- better: none
-- basis: snapshot
-- params: period_end, lookback_months, min_crimes, local_authority, subgroup, age_band,
--   domestic_abuse
-- source: crimes, suspects
-- shape: withheld = "repeat_suspect_crimes weighs its rows by their number of crimes: a
--   weighted sum, which the suppression cannot audit",
--   keys = ["crimes"],
--   floors = {suspects = 1}
with look_back_window as (
    select
        ($period_end - to_months($lookback_months))::date + 1 as window_start,
        $period_end::date as window_end
),

links_in_window as (
    select
        links.suspect_id,
        links.is_repeat_candidate
    from filtered_suspect_crimes($local_authority, $subgroup, $age_band, $domestic_abuse) as links
    cross join look_back_window
    where links.recorded_date between look_back_window.window_start and look_back_window.window_end
),

-- A suspect linked to one crime in all (not a repeat candidate, see _schema.sql) has one row
-- here at most: only the repeat candidates need grouping.
crimes_by_suspect as (
    select 1 as crimes
    from links_in_window
    where not is_repeat_candidate
    union all
    select count(*) as crimes
    from links_in_window
    where is_repeat_candidate
    group by suspect_id
)

select
    crimes,
    count(*) as suspects,
    crimes >= $min_crimes as is_repeat
from crimes_by_suspect
group by crimes
order by crimes
