-- metric: targets
-- label: A metric's targets
-- definition: Every target uploaded for one metric (targets.csv), as written: the value in the
--   metric's unit as people read it (a rate as a percentage: 8.5 is 8.5%), the date it applies
--   from (it holds until the metric's next one) and its note. One row per target, ordered by
--   the date: start (the date), target, note.
-- params: metric
-- source: targets
select
    "from" as start,
    target,
    note
from targets
where metric = $metric
order by "from"
