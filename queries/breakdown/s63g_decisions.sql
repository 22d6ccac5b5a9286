-- metric: s63g_decisions
-- label: s63G applications by decision
-- definition: The biometrics rows eligible in the period (nfa_date in the period), by where their
--   s63G application stands as at the data's as-at date: "granted", "refused", "withdrawn" (that
--   decision recorded), "pending" (decision pending, or an application_date with no decision),
--   "no application" (neither). One row per status, all five always present, in that order:
--   decision_order (1-5), decision, eligible_count, eligible_share (of all eligible rows; null
--   when there are none). eligible_count sums to s63g_eligible, and its "granted" row is
--   s63g_granted. Filters apply through the crime.
-- unit: counts
-- better: none
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: biometrics, crimes
-- shape: counts = ["eligible_count"],
--   shares = {eligible_share = "eligible_count"},
--   tiles = {eligible_count = "s63g_eligible"},
--   category = "decision",
--   cell_tiles = [{column = "eligible_count", category = "granted", tile = "s63g_granted"}]
with statuses as (
    select *
    from (
        values
        (1, 'granted'),
        (2, 'refused'),
        (3, 'withdrawn'),
        (4, 'pending'),
        (5, 'no application')
    ) as status_values (decision_order, decision)
),

eligible_in_period as (
    select
        case
            when decision in ('granted', 'refused', 'withdrawn') then decision
            when decision = 'pending' or application_date is not null then 'pending'
            else 'no application'
        end as decision
    from filtered_biometrics($local_authority, $subgroup, $age_band, $domestic_abuse)
    where nfa_date between $period_start and $period_end
),

counts_by_status as (
    select
        decision,
        count(*) as eligible_count
    from eligible_in_period
    group by decision
),

statuses_with_counts as (
    select
        statuses.decision_order,
        statuses.decision,
        coalesce(counts_by_status.eligible_count, 0) as eligible_count
    from statuses
    left join counts_by_status on counts_by_status.decision = statuses.decision
)

select
    decision_order,
    decision,
    eligible_count,
    eligible_count / nullif(sum(eligible_count) over (), 0) as eligible_share
from statuses_with_counts
order by decision_order
