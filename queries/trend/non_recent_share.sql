-- metric: non_recent_share
-- label: Non-recent reports by month
-- definition: Of the crimes recorded in each calendar month of the period that have an offence
--   date, the share reported more than 365 days after the offence date (exactly 365 days is not
--   non-recent). One row per month_start (every month that overlaps the period, part months
--   counting only their days inside it): non_recent_share (null for a month with no such
--   crimes), numerator (non-recent crimes), denominator (crimes with an offence date).
-- unit: rate
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- shape: counts = ["numerator", "denominator"],
--   rates = {non_recent_share = ["numerator", "denominator"]}
with months as (
    select month_start from months_of($period_start, $period_end)
),

crimes_with_offence_date as (
    select
        date_trunc('month', recorded_date)::date as month_start,
        is_non_recent
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end and offence_date is not null
),

monthly_counts as (
    select
        month_start,
        count(*) filter (where is_non_recent) as numerator,
        count(*) as denominator
    from crimes_with_offence_date
    group by month_start
)

select
    months.month_start,
    monthly_counts.numerator / monthly_counts.denominator as non_recent_share,
    coalesce(monthly_counts.numerator, 0) as numerator,
    coalesce(monthly_counts.denominator, 0) as denominator
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
