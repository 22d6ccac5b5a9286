-- metric: relationship_mix
-- label: Crimes recorded by relationship to the suspect
-- definition: Crimes recorded in the period by the suspect's relationship to the victim as
--   recorded: the contract's values "partner" (current or former), "family", "acquaintance",
--   "stranger", "position_of_trust", "other", "unknown" (recorded as unknown), and "not
--   recorded" when none is recorded. One row per value, all eight always present (zeros
--   included), in that order, plus any other value that occurs (after them, its order null).
--   Columns: relationship_order (1-8), relationship, recorded_count, recorded_share (of all
--   crimes recorded in the period; null when there are none).
-- unit: counts
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- shape: counts = ["recorded_count"],
--   shares = {recorded_share = "recorded_count"},
--   tiles = {recorded_count = "crimes_recorded"}
with relationships as (
    select *
    from (
        values
        (1, 'partner'),
        (2, 'family'),
        (3, 'acquaintance'),
        (4, 'stranger'),
        (5, 'position_of_trust'),
        (6, 'other'),
        (7, 'unknown'),
        (8, 'not recorded')
    ) as relationship_values (relationship_order, relationship)
),

crimes_recorded_in_period as (
    select coalesce(crimes.relationship, 'not recorded') as relationship
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse) as facts
    inner join crimes on crimes.crime_ref = facts.crime_ref
    where
        facts.recorded_date between $period_start and $period_end
        -- the same day (crime_facts takes it from crimes): lets the scan of crimes skip the
        -- other years, as crimes is stored in recorded_date order
        and crimes.recorded_date between $period_start and $period_end
),

counts_by_relationship as (
    select
        relationship,
        count(*) as recorded_count
    from crimes_recorded_in_period
    group by relationship
),

relationships_with_counts as (
    select
        relationships.relationship_order,
        coalesce(relationships.relationship, counts_by_relationship.relationship) as relationship,
        coalesce(counts_by_relationship.recorded_count, 0) as recorded_count
    from relationships
    full join counts_by_relationship
        on counts_by_relationship.relationship = relationships.relationship
)

select
    relationship_order,
    relationship,
    recorded_count,
    recorded_count / nullif(sum(recorded_count) over (), 0) as recorded_share
from relationships_with_counts
order by relationship_order nulls last, relationship
