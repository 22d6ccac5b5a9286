-- metric: suspect_identified_rate
-- label: Suspect identified, by month
-- definition: Of the crimes recorded in each calendar month of the period, the share with at
--   least one suspect linked to it. One row per month_start (every month that overlaps the
--   period, part months counting only their days inside it): suspect_identified_rate (null for a
--   month with no crimes recorded), numerator (crimes with a suspect), denominator (crimes
--   recorded).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, suspects
-- shape: counts = ["numerator", "denominator"],
--   rates = {suspect_identified_rate = ["numerator", "denominator"]},
--   tiles = {numerator = "suspect_identified_rate", denominator = "crimes_recorded"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

crimes_recorded_in_period as (
    select
        date_trunc('month', recorded_date)::date as month_start,
        suspect_count
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        count(*) filter (where suspect_count > 0) as numerator,
        count(*) as denominator
    from crimes_recorded_in_period
    group by month_start
)

select
    months.month_start,
    monthly_counts.numerator / monthly_counts.denominator as suspect_identified_rate,
    coalesce(monthly_counts.numerator, 0) as numerator,
    coalesce(monthly_counts.denominator, 0) as denominator
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
