-- metric: completeness_by_column
-- label: Completeness of optional columns over the period
-- definition: For each optional column of the eight tables of records of the extract contract
--   (not the analyst's targets or process changes), how often a value is given over the whole
--   period: the rows of completeness_by_month added up over its months, on the same definitions
--   (which month a row counts in, the filters, what counts as a value). One row per column, all
--   always present, the least complete first: ordered by complete_share (columns with no rows
--   last), then the contract's order of tables and of columns. Columns: table_name, column_name,
--   filled, missing, total, complete_share (filled / total; null when total is 0).
-- unit: rate
-- better: up
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes, suspects, bail, orders, breaches, biometrics, training
-- shape: withheld = "each column's figures over the period would give its monthly figures back"

-- The counts come from the shared macros optional_columns() and completeness_counts() in
-- queries/_schema.sql (also used by completeness_by_month.sql).
with cells as (
    select
        optional_columns.column_order,
        optional_columns.table_name,
        optional_columns.column_name,
        coalesce(sum(counts.filled), 0)::bigint as filled,
        coalesce(sum(counts.total), 0)::bigint as total
    from optional_columns() as optional_columns
    left join
        completeness_counts(
            $period_start, $period_end, $local_authority, $subgroup, $age_band, $domestic_abuse
        ) as counts
        on
            counts.table_name = optional_columns.table_name
            and counts.column_name = optional_columns.column_name
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
