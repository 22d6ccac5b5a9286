-- metric: training_by_team
-- label: Word-on-word training by team
-- definition: The distinct staff in scope (any of their training rows has in_scope true), by
--   team: a staff member's team is the team of their in-scope rows (the first in alphabetical
--   order when these differ), else of any of their rows, else "not recorded". One row per team
--   with staff in scope, in alphabetical order with "not recorded" last: team, staff_in_scope,
--   trained (with a word_on_word row completed on or before the period's last day), trained_share
--   (trained / staff_in_scope). The rows add up to word_on_word_trained_rate's numerator and
--   denominator. Training is never filtered.
-- unit: counts
-- better: none
-- basis: snapshot
-- params: period_end
-- source: training
-- shape: counts = ["staff_in_scope", "trained"],
--   rates = {trained_share = ["trained", "staff_in_scope"]},
--   floors = {staff_in_scope = 1}
with staff_in_scope as (
    select
        team,
        word_on_word_completed_date
    from staff_facts
    where in_scope
),

counts_by_team as (
    select
        team,
        count(*) as staff_in_scope,
        count(*) filter (where word_on_word_completed_date <= $period_end) as trained
    from staff_in_scope
    group by team
)

select
    coalesce(team, 'not recorded') as team,
    staff_in_scope,
    trained,
    trained / staff_in_scope as trained_share
from counts_by_team
order by team is null, team
