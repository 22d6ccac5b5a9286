-- metric: victim_not_supporting_rate
-- label: Victim does not support action, by month
-- definition: Of the outcomes assigned in each calendar month of the period, the share where the
--   victim does not support further action (outcome 14 or 16). One row per month_start (every
--   month that overlaps the period, part months counting only their days inside it):
--   victim_not_supporting_rate (null for a month with no outcomes), numerator (outcomes 14 and
--   16), denominator (outcomes assigned).
-- unit: rate
-- better: down
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["numerator", "denominator"],
--   rates = {victim_not_supporting_rate = ["numerator", "denominator"]},
--   tiles = {numerator = "victim_not_supporting_rate", denominator = "outcomes_assigned"}
with months as (
    select month_start from months_of($period_start, $period_end)
),

outcomes_in_period as (
    select
        date_trunc('month', outcome_date)::date as month_start,
        is_victim_not_supporting
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        count(*) filter (where is_victim_not_supporting) as numerator,
        count(*) as denominator
    from outcomes_in_period
    group by month_start
)

select
    months.month_start,
    monthly_counts.numerator / monthly_counts.denominator as victim_not_supporting_rate,
    coalesce(monthly_counts.numerator, 0) as numerator,
    coalesce(monthly_counts.denominator, 0) as denominator
from months
left join monthly_counts on monthly_counts.month_start = months.month_start
order by months.month_start
