-- metric: median_days_to_arrest
-- label: Median days to arrest, by month
-- definition: Over the crimes recorded in each calendar month of the period with an arrest: the
--   median number of calendar days from the reported date to the earliest arrest date of any of
--   its suspects (the mean of the two middle values for an even count). One row per month_start
--   (every month that overlaps the period, part months counting only their days inside it):
--   median_days_to_arrest (null for a month with no such crimes), crimes (how many were
--   counted).
-- unit: days
-- better: down
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, suspects
-- shape: counts = ["crimes"],
--   rates = {median_days_to_arrest = ["crimes"]}
with months as (
    select month_start from months_of($period_start, $period_end)
),

crimes_with_arrest as (
    select
        date_trunc('month', recorded_date)::date as month_start,
        days_to_arrest
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end and first_arrest_date is not null
),

monthly_medians as (
    select
        month_start,
        median(days_to_arrest) as median_days_to_arrest,
        count(days_to_arrest) as crimes
    from crimes_with_arrest
    group by month_start
)

select
    months.month_start,
    monthly_medians.median_days_to_arrest,
    coalesce(monthly_medians.crimes, 0) as crimes
from months
left join monthly_medians on monthly_medians.month_start = months.month_start
order by months.month_start
