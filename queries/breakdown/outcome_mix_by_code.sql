-- metric: outcome_mix_by_code
-- label: Outcomes by code, closed and recorded bases
-- definition: Outcomes by Home Office outcome code, on two bases side by side. Closed basis:
--   outcomes assigned in the period (outcome code not 0, outcome date in the period, whenever
--   the crime was recorded). Recorded basis: crimes recorded in the period by their current
--   outcome as at the data's as-at date; those still open (no outcome, or outcome 0) count under
--   code 0, "Not yet assigned an outcome", which therefore has no closed outcomes. One row per
--   code of the outcome reference list, zeros included, plus any code outside the list that
--   occurs (label null, group "Unknown outcome code"). Ordered by the code's number, then its
--   letter suffix (0, 1, 1A, 2, 2A, 3, 3A, 4, ... 22). Columns: code_order (1, 2, ... in that
--   order), outcome_code, outcome_label, outcome_group, closed_count, closed_share (of all
--   outcomes assigned in the period), recorded_count, recorded_share (of all crimes recorded in
--   the period). Shares are fractions, null when there is nothing in that basis.
-- unit: counts
-- better: none
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["closed_count", "recorded_count"],
--   shares = {closed_share = "closed_count", recorded_share = "recorded_count"},
--   tiles = {closed_count = "outcomes_assigned", recorded_count = "crimes_recorded"},
--   category = "outcome_code",
--   group = "outcome_group",
--   group_source = "outcome_mix_by_group",
--   zeros = [{not_yet_assigned = "closed_count", key = "outcome_code"}]
with outcomes_assigned_in_period as (
    select
        outcome_code,
        'closed' as basis
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
),

crimes_recorded_in_period as (
    select
        case when is_assigned then outcome_code else '0' end as outcome_code,
        'recorded' as basis
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
),

counts_by_code as (
    select
        outcome_code,
        count(*) filter (where basis = 'closed') as closed_count,
        count(*) filter (where basis = 'recorded') as recorded_count
    from (
        select * from outcomes_assigned_in_period
        union all
        select * from crimes_recorded_in_period
    ) as counted
    group by outcome_code
),

codes_with_counts as (
    select
        coalesce(ref_outcome_types.code, counts_by_code.outcome_code) as outcome_code,
        ref_outcome_types.label as outcome_label,
        coalesce(ref_outcome_types.outcome_group, 'Unknown outcome code') as outcome_group,
        coalesce(counts_by_code.closed_count, 0) as closed_count,
        coalesce(counts_by_code.recorded_count, 0) as recorded_count
    from ref_outcome_types
    full join counts_by_code on counts_by_code.outcome_code = ref_outcome_types.code
),

codes_in_order as (
    select
        row_number() over (
            order by
                try_cast(regexp_extract(outcome_code, '^[0-9]+') as integer) nulls last,
                regexp_extract(outcome_code, '[^0-9]*$'),
                outcome_code
        ) as code_order,
        outcome_code,
        outcome_label,
        outcome_group,
        closed_count,
        recorded_count
    from codes_with_counts
)

select
    code_order,
    outcome_code,
    outcome_label,
    outcome_group,
    closed_count,
    closed_count / nullif(sum(closed_count) over (), 0) as closed_share,
    recorded_count,
    recorded_count / nullif(sum(recorded_count) over (), 0) as recorded_share
from codes_in_order
order by code_order
