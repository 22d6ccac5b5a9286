-- metric: open_at_end
-- label: Open at the end of the period
-- definition: Crimes open on the last day of the period: recorded on or before that day, and
--   with no outcome, or outcome 0, or an outcome dated after that day.
-- unit: count
-- better: none
-- basis: snapshot
-- params: period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes, outcomes
-- catalogue: 2.15
-- tile: volume 5
with open_crimes as (
    select recorded_date
    from filtered_open($local_authority, $subgroup, $age_band, $domestic_abuse)
    where
        recorded_date <= $period_end
        and open_until > $period_end
)

select count(*) as open_at_end
from open_crimes
