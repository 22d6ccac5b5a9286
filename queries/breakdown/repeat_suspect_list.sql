-- metric: repeat_suspect_list
-- label: Repeat suspects
-- definition: One row per repeat suspect on the period's last day: a suspect linked to at least
--   min_crimes distinct crimes recorded in the look-back window (from that day less
--   lookback_months calendar months, plus one day, to that day). Only crimes (not N100 or
--   cancelled records) that pass the filters count, and the filters apply to every column,
--   through the crime of each crime, bail row, order or breach. Columns: suspect_id; crimes (in
--   the window); first_recorded_date and latest_recorded_date (of those crimes);
--   open_crimes (any of the suspect's crimes, in the window or not, open on the last day:
--   recorded on or before it and with no outcome, outcome 0, or an outcome dated after it);
--   active_bail (bail rows of the suspect in force on the last day, pre-charge bail or released
--   under investigation only: started on or before it, no end date or one after it);
--   active_orders (granted orders of the suspect in force on the last day: decided on or before
--   it, no expiry date or one after it); latest_breach_at (the latest breach_at, on or before
--   the last day, of a breach of the suspect's bail or orders; null when none). Ordered by
--   crimes (most first), then latest_recorded_date (latest first), then suspect_id.
-- unit: counts
-- better: none
-- basis: snapshot
-- params: period_end, lookback_months, min_crimes, local_authority, subgroup, age_band,
--   domestic_abuse
-- source: crimes, outcomes, suspects, bail, orders, breaches
-- shape: withheld = "a list of pseudonymised suspects, never shown to the scrutiny role"
-- access: view_suspect_level
with look_back_window as (
    select
        ($period_end - to_months($lookback_months))::date + 1 as window_start,
        $period_end::date as window_end
),

-- Every crime of a repeat suspect is in repeat_candidate_facts (see _schema.sql).
suspect_links as (
    select
        suspect_id,
        recorded_date,
        closed_date
    from filtered_repeat_candidates($local_authority, $subgroup, $age_band, $domestic_abuse)
),

repeat_suspects as (
    select
        suspect_links.suspect_id,
        count(*) as crimes,
        min(suspect_links.recorded_date) as first_recorded_date,
        max(suspect_links.recorded_date) as latest_recorded_date
    from suspect_links
    cross join look_back_window
    where
        suspect_links.recorded_date
        between look_back_window.window_start and look_back_window.window_end
    group by suspect_links.suspect_id
    having count(*) >= $min_crimes
),

open_crimes as (
    select
        suspect_links.suspect_id,
        count(*) as open_crimes
    from suspect_links
    semi join repeat_suspects on repeat_suspects.suspect_id = suspect_links.suspect_id
    where
        suspect_links.recorded_date <= $period_end
        and (suspect_links.closed_date is null or suspect_links.closed_date > $period_end)
    group by suspect_links.suspect_id
),

active_bail as (
    select
        bail.suspect_id,
        count(*) as active_bail
    from filtered_bail($local_authority, $subgroup, $age_band, $domestic_abuse) as bail
    semi join repeat_suspects on repeat_suspects.suspect_id = bail.suspect_id
    where
        bail.release_type in ('pre_charge_bail', 'rui')
        and bail.start_date <= $period_end
        and (bail.end_date is null or bail.end_date > $period_end)
    group by bail.suspect_id
),

active_orders as (
    select
        orders.suspect_id,
        count(*) as active_orders
    from filtered_orders($local_authority, $subgroup, $age_band, $domestic_abuse) as orders
    semi join repeat_suspects on repeat_suspects.suspect_id = orders.suspect_id
    where order_in_force(orders.decision, orders.decision_date, orders.expiry_date, $period_end)
    group by orders.suspect_id
),

latest_breaches as (
    select
        breaches.suspect_id,
        max(breaches.breach_at) as latest_breach_at
    from filtered_breaches($local_authority, $subgroup, $age_band, $domestic_abuse) as breaches
    semi join repeat_suspects on repeat_suspects.suspect_id = breaches.suspect_id
    where breaches.breach_date <= $period_end
    group by breaches.suspect_id
)

select
    repeat_suspects.suspect_id,
    repeat_suspects.crimes,
    repeat_suspects.first_recorded_date,
    repeat_suspects.latest_recorded_date,
    coalesce(open_crimes.open_crimes, 0) as open_crimes,
    coalesce(active_bail.active_bail, 0) as active_bail,
    coalesce(active_orders.active_orders, 0) as active_orders,
    latest_breaches.latest_breach_at
from repeat_suspects
left join open_crimes on open_crimes.suspect_id = repeat_suspects.suspect_id
left join active_bail on active_bail.suspect_id = repeat_suspects.suspect_id
left join active_orders on active_orders.suspect_id = repeat_suspects.suspect_id
left join latest_breaches on latest_breaches.suspect_id = repeat_suspects.suspect_id
order by
    repeat_suspects.crimes desc,
    repeat_suspects.latest_recorded_date desc,
    repeat_suspects.suspect_id
