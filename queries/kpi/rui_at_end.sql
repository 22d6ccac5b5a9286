-- metric: rui_at_end
-- label: Released under investigation at the end of the period
-- definition: Rows of bail for suspects released under investigation (release type "rui") in
--   force on the period's last day: a start date on or before that day, and no end date or an
--   end date after it (a release ending on the last day is no longer in force). Filters apply
--   through the bail's crime.
-- unit: count
-- better: none
-- basis: snapshot
-- params: period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: bail, crimes
-- catalogue: 3.4
-- trend: rui_share
with bail_in_force as (
    select bail_id
    from filtered_bail($local_authority, $subgroup, $age_band, $domestic_abuse)
    where
        release_type = 'rui'
        and start_date <= $period_end
        and in_force_until > $period_end
)

select count(*) as rui_at_end
from bail_in_force
