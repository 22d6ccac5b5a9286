-- metric: rui_share
-- label: Released under investigation, share of pre-charge releases
-- definition: Of the suspects' pre-charge releases in force on the period's last day (bail rows
--   of release type "rui" or "pre_charge_bail" with a start date on or before that day and no
--   end date or an end date after it), the share released under investigation rather than on
--   bail: rui_at_end / (rui_at_end + pre_charge_bail_at_end). Filters apply through the bail's
--   crime. Helper columns: numerator (released under investigation), denominator (both).
-- unit: rate
-- better: down
-- basis: snapshot
-- params: period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: bail, crimes
-- catalogue: 3.17
-- tile: disruption 2
-- hide_with: rui_at_end, pre_charge_bail_at_end
with releases_in_force as (
    select release_type
    from filtered_bail($local_authority, $subgroup, $age_band, $domestic_abuse)
    where
        release_type in ('rui', 'pre_charge_bail')
        and start_date <= $period_end
        and in_force_until > $period_end
),

counts as (
    select
        count(*) filter (where release_type = 'rui') as numerator,
        count(*) as denominator
    from releases_in_force
)

select
    numerator / nullif(denominator, 0) as rui_share,
    numerator,
    denominator
from counts
