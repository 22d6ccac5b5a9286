-- metric: completeness_by_column
-- label: Completeness of optional columns over the period
-- definition: For each optional column of the eight tables of the extract contract, how often a
--   value is given over the whole period: the rows of completeness_by_month added up over its
--   months, on the same definitions (which month a row counts in, the filters, what counts as a
--   value). One row per column, all always present, the least complete first: ordered by
--   complete_share (columns with no rows last), then the contract's order of tables and of
--   columns. Columns: table_name, column_name, filled, missing, total, complete_share (filled /
--   total; null when total is 0).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes, suspects, bail, orders, breaches, biometrics, training
with optional_columns as (
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
        optional_columns.column_order,
        optional_columns.table_name,
        optional_columns.column_name,
        coalesce(sum(filled_by_column.filled), 0)::bigint as filled,
        coalesce(sum(filled_by_column.total), 0)::bigint as total
    from optional_columns
    left join filled_by_column
        on
            filled_by_column.table_name = optional_columns.table_name
            and filled_by_column.column_name = optional_columns.column_name
    group by
        optional_columns.column_order, optional_columns.table_name, optional_columns.column_name
)

select
    table_name,
    column_name,
    filled,
    total - filled as missing,
    total,
    filled / nullif(total, 0) as complete_share
from cells
order by complete_share asc nulls last, column_order
