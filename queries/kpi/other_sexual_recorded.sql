-- metric: other_sexual_recorded
-- label: Other sexual offences recorded
-- definition: Crimes recorded in the period that are not rape: crimes recorded minus rapes
--   recorded.
-- unit: count
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- catalogue: 2.3
-- tile: volume 3
-- trend: crimes_recorded
with crimes_recorded_in_period as (
    select subgroup
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
)

select count(*) filter (where subgroup <> 'rape') as other_sexual_recorded
from crimes_recorded_in_period
