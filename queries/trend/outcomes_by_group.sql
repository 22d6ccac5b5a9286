-- metric: outcomes_by_group
-- label: Outcomes assigned by group, by month
-- definition: Outcomes assigned in each calendar month of the period, counted by Home Office
--   outcome group. Long form: one row per month_start and outcome_group (every month that
--   overlaps the period, part months counting only their days inside it; every group of the
--   reference list except "not yet assigned", with 0 where there were none): month_start,
--   outcome_group, outcomes_assigned.
-- unit: count
-- better: none
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["outcomes_assigned"],
--   long = ["month_start", "outcome_group"]
with months as (
    select month_start from months_of($period_start, $period_end)
),

outcome_groups as (
    select distinct outcome_group
    from ref_outcome_types
    where code <> '0'
),

outcomes_in_period as (
    select
        date_trunc('month', outcome_date)::date as month_start,
        coalesce(outcome_group, 'Unknown outcome code') as outcome_group
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
),

monthly_counts as (
    select
        month_start,
        outcome_group,
        count(*) as outcomes_assigned
    from outcomes_in_period
    group by month_start, outcome_group
),

month_groups as (
    select
        months.month_start,
        outcome_groups.outcome_group
    from months
    cross join outcome_groups
)

select
    month_groups.month_start,
    month_groups.outcome_group,
    coalesce(monthly_counts.outcomes_assigned, 0) as outcomes_assigned
from month_groups
left join monthly_counts
    on
        monthly_counts.month_start = month_groups.month_start
        and monthly_counts.outcome_group = month_groups.outcome_group
order by month_groups.month_start, month_groups.outcome_group
