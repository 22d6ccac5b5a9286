-- metric: s63g_applications
-- label: s63G eligibility and applications, by month of the no-further-action decision
-- definition: Biometrics rows whose no-further-action decision (nfa_date) is in each calendar
--   month of the period (s63g_eligible), and of those the rows with an s63G application
--   (s63g_applications: an application_date, whenever made, as at the data's as-at date) and
--   with the decision "granted" (s63g_granted). One row per month_start (every month that
--   overlaps the period, part months counting only their days inside it): s63g_eligible,
--   s63g_applications, s63g_granted. Filters apply through the crime.
-- unit: count
-- better: up
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: biometrics, crimes
-- shape: counts = ["s63g_eligible", "s63g_applications", "s63g_granted"],
--   tiles = {s63g_eligible = "s63g_eligible", s63g_applications = "s63g_applications",
--     s63g_granted = "s63g_granted"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

eligible_in_period as (
    select
        date_trunc('month', nfa_date)::date as month_start,
        application_date,
        decision
    from filtered_biometrics($local_authority, $subgroup, $age_band, $domestic_abuse)
    where nfa_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        count(*) as s63g_eligible,
        count(application_date) as s63g_applications,
        count(*) filter (where decision = 'granted') as s63g_granted
    from eligible_in_period
    group by month_start
)

select
    months.month_start,
    coalesce(monthly_counts.s63g_eligible, 0) as s63g_eligible,
    coalesce(monthly_counts.s63g_applications, 0) as s63g_applications,
    coalesce(monthly_counts.s63g_granted, 0) as s63g_granted
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
