-- metric: outcome_mix_by_group
-- label: Outcomes by group, closed and recorded bases
-- definition: Outcomes by Home Office outcome group, on two bases side by side. Closed basis:
--   outcomes assigned in the period (outcome code not 0, outcome date in the period, whenever
--   the crime was recorded). Recorded basis: crimes recorded in the period by their current
--   outcome as at the data's as-at date; those still open (no outcome, or outcome 0) count in the
--   group of outcome 0, "Not yet assigned an outcome", which therefore has no closed outcomes.
--   One row per group of the outcome reference list, zeros included, plus "Unknown outcome code"
--   only when a code outside the list occurs. Columns: group_order (1, 2, ...: groups in order of
--   their lowest outcome code, so "Not yet assigned an outcome" first; unknown codes last),
--   outcome_group, closed_count, closed_share (of all outcomes assigned in the period),
--   recorded_count, recorded_share (of all crimes recorded in the period). Shares are fractions,
--   null when there is nothing in that basis. closed_count sums to the outcomes assigned and
--   recorded_count to the crimes recorded.
-- unit: counts
-- better: none
-- basis: closed
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- shape: counts = ["closed_count", "recorded_count"],
--   shares = {closed_share = "closed_count", recorded_share = "recorded_count"},
--   tiles = {closed_count = "outcomes_assigned", recorded_count = "crimes_recorded"},
--   category = "outcome_group",
--   cell_tiles = [
--     {column = "closed_count", category = "Charged/Summonsed", tile = "charged"},
--     {column = "closed_count", tile = "victim_not_supporting_rate",
--       category = "Evidential difficulties (victim does not support action)"},
--     {column = "closed_count", tile = "no_suspect_rate",
--       category = "Investigation complete – no suspect identified"},
--     {column = "recorded_count", category = "Charged/Summonsed",
--       tile = "charge_rate_recorded_basis"}],
--   zeros = [{not_yet_assigned = "closed_count", key = "outcome_group"}]
with reference_groups as (
    select
        outcome_group,
        min(try_cast(regexp_extract(code, '^[0-9]+') as integer)) as lowest_code_number
    from ref_outcome_types
    group by outcome_group
),

outcomes_assigned_in_period as (
    select
        coalesce(outcome_group, 'Unknown outcome code') as outcome_group,
        'closed' as basis
    from filtered_outcomes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where outcome_date between $period_start and $period_end
),

crimes_recorded_in_period as (
    select
        case
            when not is_assigned
                then (select outcome_group from ref_outcome_types where code = '0')
            else coalesce(outcome_group, 'Unknown outcome code')
        end as outcome_group,
        'recorded' as basis
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
),

counts_by_group as (
    select
        outcome_group,
        count(*) filter (where basis = 'closed') as closed_count,
        count(*) filter (where basis = 'recorded') as recorded_count
    from (
        select * from outcomes_assigned_in_period
        union all
        select * from crimes_recorded_in_period
    ) as counted
    group by outcome_group
),

groups_with_counts as (
    select
        coalesce(reference_groups.outcome_group, counts_by_group.outcome_group) as outcome_group,
        reference_groups.lowest_code_number,
        coalesce(counts_by_group.closed_count, 0) as closed_count,
        coalesce(counts_by_group.recorded_count, 0) as recorded_count
    from reference_groups
    full join counts_by_group on counts_by_group.outcome_group = reference_groups.outcome_group
)

select
    row_number() over (order by lowest_code_number nulls last, outcome_group) as group_order,
    outcome_group,
    closed_count,
    closed_count / nullif(sum(closed_count) over (), 0) as closed_share,
    recorded_count,
    recorded_count / nullif(sum(recorded_count) over (), 0) as recorded_share
from groups_with_counts
order by group_order
