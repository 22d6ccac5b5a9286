-- metric: word_on_word_trained_rate
-- label: RASSO staff trained on word-on-word cases
-- definition: Of the distinct staff in scope (any of their training rows has in_scope true,
--   whatever the course), the share with a word_on_word row whose completed_date is on or
--   before the period's last day (that row's own in_scope flag does not matter). Training is
--   never filtered. Helper columns: numerator (trained), denominator (staff in scope).
-- unit: rate
-- better: up
-- basis: snapshot
-- params: period_end
-- source: training
-- catalogue: 3.16
-- tile: disruption 6
with staff_in_scope as (
    select word_on_word_completed_date
    from staff_facts
    where in_scope
),

counts as (
    select
        count(*) filter (where word_on_word_completed_date <= $period_end) as numerator,
        count(*) as denominator
    from staff_in_scope
)

select
    numerator / nullif(denominator, 0) as word_on_word_trained_rate,
    numerator,
    denominator
from counts
