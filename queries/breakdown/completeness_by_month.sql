-- metric: completeness_by_month
-- label: Completeness of optional columns by month
-- definition: For each calendar month of the period (every month that overlaps it; a part month
--   counts only its days inside the period) and each optional column of the eight tables of the
--   extract contract (a column the contract never requires and gives no default), how often a
--   value is given. Which month a row counts in: crimes, by the month they were recorded (crimes
--   only, not N100 or cancelled records); the tables whose every row belongs to a crime
--   (outcomes, suspects, bail, biometrics), by the month their crime was recorded, so that a
--   month's rows are about that month's crimes (a crime with two suspects counts twice in
--   suspects); orders, whose crime is optional, by the month applied for; breaches by the month
--   of the breach (breach_at); training rows have no date of their own, so every row counts once,
--   as at the data, in the period's last month. Filters apply through the crime, as in every
--   figure (an order, or a breach of an order, without a crime counts only when no filter is
--   set); training is never filtered. A local authority counts as given only when it is one of
--   Gwent's five (blank and "unknown" do not count); a value recorded as unknown (victim_sex "U",
--   relationship "unknown") counts as given, since someone recorded it; false is a value. Long
--   form, one row per month and column, all always present, ordered by month_start, then the
--   contract's order of tables and of columns: month_start, table_name, column_name, filled
--   (rows with a value), missing (rows without one), total (filled + missing: the table's rows
--   in that month), complete_share (filled / total; null when total is 0).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes, suspects, bail, orders, breaches, biometrics, training
with months as (
    select month_start::date as month_start
    from generate_series(
        date_trunc('month', $period_start), date_trunc('month', $period_end), interval 1 month
    ) as series(month_start)
),

optional_columns as (
    select *
    from (
        values
        (1, 'crimes', 'offence_date'),
        (2, 'crimes', 'local_authority'),
        (3, 'crimes', 'victim_id'),
        (4, 'crimes', 'victim_age'),
        (5, 'crimes', 'victim_sex'),
        (6, 'crimes', 'relationship'),
        (7, 'crimes', 'domestic_abuse'),
        (8, 'crimes', 'isva_referral_date'),
        (9, 'crimes', 'victim_withdrawal_date'),
        (10, 'outcomes', 'outcome_date'),
        (11, 'suspects', 'identified_date'),
        (12, 'suspects', 'arrest_date'),
        (13, 'suspects', 'voluntary_interview_date'),
        (14, 'suspects', 'interview_date'),
        (15, 'suspects', 'biometrics_taken'),
        (16, 'bail', 'end_date'),
        (17, 'bail', 'has_conditions'),
        (18, 'bail', 'authorised_by'),
        (19, 'orders', 'crime_ref'),
        (20, 'orders', 'decision_date'),
        (21, 'orders', 'expiry_date'),
        (22, 'breaches', 'reported_at'),
        (23, 'breaches', 'action'),
        (24, 'breaches', 'action_at'),
        (25, 'breaches', 'breach_crime_ref'),
        (26, 'biometrics', 'application_date'),
        (27, 'biometrics', 'decision'),
        (28, 'biometrics', 'decision_date'),
        (29, 'training', 'team'),
        (30, 'training', 'completed_date')
    ) as columns_list (column_order, table_name, column_name)
),

crimes_recorded_in_period as (
    select
        crimes.*,
        date_trunc('month', facts.recorded_date)::date as month_start,
        facts.local_authority <> 'unknown' as has_known_local_authority
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse) as facts
    inner join crimes on crimes.crime_ref = facts.crime_ref
    where facts.recorded_date between $period_start and $period_end
),

crime_counts as (
    select
        month_start,
        count(*) as total,
        count(offence_date) as offence_date,
        count(*) filter (where has_known_local_authority) as local_authority,
        count(victim_id) as victim_id,
        count(victim_age) as victim_age,
        count(victim_sex) as victim_sex,
        count(relationship) as relationship,
        count(domestic_abuse) as domestic_abuse,
        count(isva_referral_date) as isva_referral_date,
        count(victim_withdrawal_date) as victim_withdrawal_date
    from crimes_recorded_in_period
    group by month_start
),

outcome_counts as (
    select
        crimes_recorded_in_period.month_start,
        count(*) as total,
        count(outcomes.outcome_date) as outcome_date
    from outcomes
    inner join crimes_recorded_in_period
        on crimes_recorded_in_period.crime_ref = outcomes.crime_ref
    group by crimes_recorded_in_period.month_start
),

suspect_counts as (
    select
        crimes_recorded_in_period.month_start,
        count(*) as total,
        count(suspects.identified_date) as identified_date,
        count(suspects.arrest_date) as arrest_date,
        count(suspects.voluntary_interview_date) as voluntary_interview_date,
        count(suspects.interview_date) as interview_date,
        count(suspects.biometrics_taken) as biometrics_taken
    from suspects
    inner join crimes_recorded_in_period
        on crimes_recorded_in_period.crime_ref = suspects.crime_ref
    group by crimes_recorded_in_period.month_start
),

bail_counts as (
    select
        crimes_recorded_in_period.month_start,
        count(*) as total,
        count(bail.end_date) as end_date,
        count(bail.has_conditions) as has_conditions,
        count(bail.authorised_by) as authorised_by
    from bail
    inner join crimes_recorded_in_period
        on crimes_recorded_in_period.crime_ref = bail.crime_ref
    group by crimes_recorded_in_period.month_start
),

order_counts as (
    select
        date_trunc('month', applied_date)::date as month_start,
        count(*) as total,
        count(crime_ref) as crime_ref,
        count(decision_date) as decision_date,
        count(expiry_date) as expiry_date
    from filtered_orders($local_authority, $subgroup, $age_band, $domestic_abuse)
    where applied_date between $period_start and $period_end
    group by date_trunc('month', applied_date)::date
),

breach_counts as (
    select
        date_trunc('month', facts.breach_date)::date as month_start,
        count(*) as total,
        count(breaches.reported_at) as reported_at,
        count(breaches.action) as action,
        count(breaches.action_at) as action_at,
        count(breaches.breach_crime_ref) as breach_crime_ref
    from filtered_breaches($local_authority, $subgroup, $age_band, $domestic_abuse) as facts
    inner join breaches on breaches.breach_id = facts.breach_id
    where facts.breach_date between $period_start and $period_end
    group by date_trunc('month', facts.breach_date)::date
),

biometric_counts as (
    select
        crimes_recorded_in_period.month_start,
        count(*) as total,
        count(biometrics.application_date) as application_date,
        count(biometrics.decision) as decision,
        count(biometrics.decision_date) as decision_date
    from biometrics
    inner join crimes_recorded_in_period
        on crimes_recorded_in_period.crime_ref = biometrics.crime_ref
    group by crimes_recorded_in_period.month_start
),

training_counts as (
    select
        date_trunc('month', $period_end::date)::date as month_start,
        count(*) as total,
        count(team) as team,
        count(completed_date) as completed_date
    from training
    having count(*) > 0
),

filled_by_column as (
    from (
        unpivot crime_counts
        on
            offence_date,
            local_authority,
            victim_id,
            victim_age,
            victim_sex,
            relationship,
            domestic_abuse,
            isva_referral_date,
            victim_withdrawal_date
        into name column_name value filled
    )
    select 'crimes' as table_name, *
    union all by name
    from (unpivot outcome_counts on outcome_date into name column_name value filled)
    select 'outcomes' as table_name, *
    union all by name
    from (
        unpivot suspect_counts
        on identified_date, arrest_date, voluntary_interview_date, interview_date, biometrics_taken
        into name column_name value filled
    )
    select 'suspects' as table_name, *
    union all by name
    from (
        unpivot bail_counts
        on end_date, has_conditions, authorised_by
        into name column_name value filled
    )
    select 'bail' as table_name, *
    union all by name
    from (
        unpivot order_counts
        on crime_ref, decision_date, expiry_date
        into name column_name value filled
    )
    select 'orders' as table_name, *
    union all by name
    from (
        unpivot breach_counts
        on reported_at, action, action_at, breach_crime_ref
        into name column_name value filled
    )
    select 'breaches' as table_name, *
    union all by name
    from (
        unpivot biometric_counts
        on application_date, decision, decision_date
        into name column_name value filled
    )
    select 'biometrics' as table_name, *
    union all by name
    from (unpivot training_counts on team, completed_date into name column_name value filled)
    select 'training' as table_name, *
),

cells as (
    select
        months.month_start,
        optional_columns.column_order,
        optional_columns.table_name,
        optional_columns.column_name,
        coalesce(filled_by_column.filled, 0) as filled,
        coalesce(filled_by_column.total, 0) as total
    from months
    cross join optional_columns
    left join filled_by_column
        on
            filled_by_column.month_start = months.month_start
            and filled_by_column.table_name = optional_columns.table_name
            and filled_by_column.column_name = optional_columns.column_name
)

select
    month_start,
    table_name,
    column_name,
    filled,
    total - filled as missing,
    total,
    filled / nullif(total, 0) as complete_share
from cells
order by month_start, column_order
