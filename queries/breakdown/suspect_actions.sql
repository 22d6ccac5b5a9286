-- metric: suspect_actions
-- label: How suspects were dealt with
-- definition: For the crimes recorded in the period that have at least one suspect, one row per
--   first action against a suspect: "arrest" (some suspect has an arrest date) and "voluntary
--   interview" (some suspect has a voluntary interview date). Columns: action_order (1, 2),
--   action, crimes_with_suspect (the denominator, the same on both rows), crimes (of those, the
--   crimes where the action happened), share (crimes / crimes_with_suspect, null when there is no
--   crime with a suspect), median_days (median calendar days from the reported date to the
--   earliest such action of any of its suspects, over the crimes where it happened; the mean of
--   the two middle values for an even count; null when none).
-- unit: counts
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, suspects
-- shape: counts = ["crimes_with_suspect", "crimes"],
--   rates = {share = ["crimes", "crimes_with_suspect"], median_days = ["crimes"]},
--   totals = []
with crimes_with_suspect as (
    select crime_ref, reported_date
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end and suspect_count > 0
),

first_actions as (
    select
        crimes_with_suspect.crime_ref,
        min(suspects.arrest_date) - crimes_with_suspect.reported_date as days_to_arrest,
        min(suspects.voluntary_interview_date) - crimes_with_suspect.reported_date
            as days_to_voluntary_interview
    from crimes_with_suspect
    inner join suspects on suspects.crime_ref = crimes_with_suspect.crime_ref
    group by crimes_with_suspect.crime_ref, crimes_with_suspect.reported_date
),

by_action as (
    select
        1 as action_order,
        'arrest' as action,
        count(days_to_arrest) as crimes,
        median(days_to_arrest) as median_days
    from first_actions
    union all
    select
        2 as action_order,
        'voluntary interview' as action,
        count(days_to_voluntary_interview) as crimes,
        median(days_to_voluntary_interview) as median_days
    from first_actions
)

select
    by_action.action_order,
    by_action.action,
    (select count(*) from crimes_with_suspect) as crimes_with_suspect,
    by_action.crimes,
    by_action.crimes / nullif((select count(*) from crimes_with_suspect), 0) as share,
    by_action.median_days
from by_action
order by by_action.action_order
