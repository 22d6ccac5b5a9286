-- metric: completeness_by_month
-- label: Completeness of optional columns by month
-- definition: For each calendar month of the period (every month that overlaps it; a part month
--   counts only its days inside the period) and each optional column of the eight tables of
--   records of the extract contract (a column the contract never requires and gives no default;
--   not the analyst's targets or process changes), how often a
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
-- shape: special = "completeness", counts = ["filled", "missing", "total"],
--   shares = {complete_share = "filled"}, force_wide = true

-- The counts come from the shared macros optional_columns() and completeness_counts() in
-- queries/_schema.sql (also used by completeness_by_column.sql).
with months as (
    select month_start from months_of($period_start, $period_end)
),

cells as (
    select
        months.month_start,
        optional_columns.column_order,
        optional_columns.table_name,
        optional_columns.column_name,
        coalesce(counts.filled, 0) as filled,
        coalesce(counts.total, 0) as total
    from months
    cross join optional_columns() as optional_columns
    left join
        completeness_counts(
            $period_start, $period_end, $local_authority, $subgroup, $age_band, $domestic_abuse
        ) as counts
        on
            counts.month_start = months.month_start
            and counts.table_name = optional_columns.table_name
            and counts.column_name = optional_columns.column_name
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
