-- metric: process_changes
-- label: A metric's process changes
-- definition: Every process change recorded (process_changes.csv) that applies to one metric:
--   its own and those recorded for all metrics (metric `all`). One row per change, ordered by
--   the date it took effect, then the metric's own before all: start (the first day of the new
--   process), note, metric (the metric, or all).
-- params: metric
-- source: process_changes
select
    "from" as start,
    note,
    metric
from process_changes
where metric = $metric or metric = 'all'
order by "from", metric = 'all', note
