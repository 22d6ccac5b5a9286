-- metric: completeness_by_month
-- label: Completeness of optional columns by month recorded
-- definition: For each calendar month of the period (every month that overlaps it; a part month
--   counts only its days inside the period) and each optional column of crimes and of suspects,
--   how often a value is given. Crimes: of the crimes recorded in the month, how many have a
--   value in the column. Suspects: of the suspects rows linked to those crimes (a crime with two
--   suspects counts twice), how many have a value. A local authority counts as given only when
--   it is one of Gwent's five (blank and "unknown" do not count); a value recorded as unknown in
--   victim_sex ("U") or relationship ("unknown") counts as given, since someone recorded it.
--   Optional columns are those the contract never requires: record_type (defaulted) and
--   recorded_date (required for crimes) are always present, so they are left out. Long form, one
--   row per month and column, all always present, ordered by month_start then crimes' columns
--   before suspects' in contract order: month_start, table_name ("crimes" or "suspects"),
--   column_name, filled, total, complete_share (filled / total; null when total is 0).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, suspects
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
        (10, 'suspects', 'identified_date'),
        (11, 'suspects', 'arrest_date'),
        (12, 'suspects', 'voluntary_interview_date'),
        (13, 'suspects', 'interview_date'),
        (14, 'suspects', 'biometrics_taken')
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

filled_by_column as (
    select
        'crimes' as table_name,
        *
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
    union all by name
    select
        'suspects' as table_name,
        *
    from (
        unpivot suspect_counts
        on identified_date, arrest_date, voluntary_interview_date, interview_date, biometrics_taken
        into name column_name value filled
    )
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
    total,
    filled / nullif(total, 0) as complete_share
from cells
order by month_start, column_order
