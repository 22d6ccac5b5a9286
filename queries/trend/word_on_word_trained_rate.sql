-- metric: word_on_word_trained_rate
-- label: RASSO staff trained on word-on-word cases, by month
-- definition: For each calendar month of the period, at its end (at the period's last day for a
--   month that ends after it): of the distinct staff in scope (any of their training rows has
--   in_scope true), the share with a word_on_word row completed on or before that day. One row
--   per month_start: snapshot_date (the day counted), word_on_word_trained_rate (null when no
--   one is in scope), numerator (trained by that day), denominator (staff in scope),
--   completions (staff in scope whose word_on_word completion date is in the month, part months
--   counting only their days inside the period). Training is never filtered.
-- unit: rate
-- better: up
-- basis: snapshot
-- params: period_start, period_end
-- source: training
-- shape: counts = ["numerator", "denominator", "completions"],
--   rates = {word_on_word_trained_rate = ["numerator", "denominator"]},
--   totals = []
with months as (
    select month_start from months_of($period_start, $period_end)
),

snapshots as (
    select
        month_start,
        greatest(month_start, $period_start::date) as first_day,
        least((month_start + interval 1 month - interval 1 day)::date, $period_end) as snapshot_date
    from months
),

staff_in_scope as (
    select word_on_word_completed_date
    from staff_facts
    where in_scope
),

monthly_counts as (
    select
        snapshots.month_start,
        count(*) filter (where staff.word_on_word_completed_date <= snapshots.snapshot_date)
            as numerator,
        count(*) as denominator,
        count(*) filter (
            where staff.word_on_word_completed_date
            between snapshots.first_day and snapshots.snapshot_date
        ) as completions
    from snapshots
    cross join staff_in_scope as staff
    group by snapshots.month_start
)

select
    snapshots.month_start,
    snapshots.snapshot_date,
    monthly_counts.numerator / nullif(monthly_counts.denominator, 0)
        as word_on_word_trained_rate,
    coalesce(monthly_counts.numerator, 0) as numerator,
    coalesce(monthly_counts.denominator, 0) as denominator,
    coalesce(monthly_counts.completions, 0) as completions
from snapshots
left join monthly_counts on monthly_counts.month_start = snapshots.month_start
order by snapshots.month_start
