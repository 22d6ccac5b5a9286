-- metric: n100_reported
-- label: N100 reports
-- definition: Records of type N100 (a reported rape not, or not yet, recorded as a crime) with a
--   reported date in the period. The crime filters apply to them too.
-- unit: count
-- better: none
-- basis: none
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- catalogue: 2.4
-- tile: volume 4
with n100_reported_in_period as (
    select crime_ref
    from filtered_records($local_authority, $subgroup, $age_band, $domestic_abuse)
    where record_type = 'n100' and reported_date between $period_start and $period_end
)

select count(*) as n100_reported
from n100_reported_in_period
