-- metric: rape_recorded
-- label: Rapes recorded
-- definition: Of the crimes recorded in the period, those whose offence code is in the rape
--   subgroup (19C to 19H).
-- unit: count
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- catalogue: 2.2
-- tile: volume 2
-- trend: crimes_recorded
with crimes_recorded_in_period as (
    select subgroup
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
)

select count(*) filter (where subgroup = 'rape') as rape_recorded
from crimes_recorded_in_period
