-- metric: arrest_rate
-- label: Arrest rate by month
-- definition: Of the crimes recorded in each calendar month of the period that have at least one
--   suspect, the share where some suspect has an arrest date. One row per month_start (every
--   month that overlaps the period, part months counting only their days inside it): arrest_rate
--   (null for a month with no such crimes), numerator (crimes with an arrest), denominator
--   (crimes with a suspect).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, suspects
-- shape: counts = ["numerator", "denominator"],
--   rates = {arrest_rate = ["numerator", "denominator"]}
with months as (
    select month_start from months_of($period_start, $period_end)
),

crimes_with_suspect as (
    select
        date_trunc('month', recorded_date)::date as month_start,
        first_arrest_date
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end and suspect_count > 0
),

monthly_counts as (
    select
        month_start,
        count(first_arrest_date) as numerator,
        count(*) as denominator
    from crimes_with_suspect
    group by month_start
)

select
    months.month_start,
    monthly_counts.numerator / monthly_counts.denominator as arrest_rate,
    coalesce(monthly_counts.numerator, 0) as numerator,
    coalesce(monthly_counts.denominator, 0) as denominator
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
