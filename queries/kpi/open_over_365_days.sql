-- metric: open_over_365_days
-- label: Open over a year
-- definition: Of the crimes open on the last day of the period, those recorded more than 365
--   days before that day.
-- unit: count
-- better: down
-- basis: snapshot
-- params: period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.16
-- tile: volume 6
with open_crimes as (
    select recorded_date
    from filtered_open($local_authority, $subgroup, $age_band, $domestic_abuse)
    where
        recorded_date <= $period_end
        and open_until > $period_end
)

select count(*) filter (where $period_end - recorded_date > 365) as open_over_365_days
from open_crimes
