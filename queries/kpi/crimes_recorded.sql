-- metric: crimes_recorded
-- label: Crimes recorded
-- definition: Crimes (record type "crime", so not N100 or cancelled records) with a recorded
--   date in the period.
-- unit: count
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- catalogue: 2.1
-- tile: volume 1
-- sum_of: rape_recorded, other_sexual_recorded
with crimes_recorded_in_period as (
    select crime_ref
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse)
    where recorded_date between $period_start and $period_end
)

select count(*) as crimes_recorded
from crimes_recorded_in_period
