-- metric: bail_over_limits
-- label: Pre-charge bail in force by time since it started
-- definition: Pre-charge bail (release type "pre_charge_bail") in force on the period's last day
--   (started on or before it, no end date or one after it), by calendar months since its start
--   date, in the bands of the statutory limits (since 28 October 2022: 3 months on a custody
--   officer's authority, extended to 6 by an inspector, to 9 by a superintendent, beyond by a
--   magistrates' court). A band's upper bound is included: "up to 3 months" = started on or
--   after the day 3 months before the last day; "3-6 months" = on or after the day 6 months
--   before, but before the day 3 months before; "6-9 months" likewise from the day 9 months
--   before; "over 9 months" = before the day 9 months before ("the day n months before" keeps
--   the day of the month, or takes the month's last day when that month is shorter). One row per
--   band, all four always present: band_order (1-4), band, authority_needed (custody_officer,
--   inspector, superintendent, court), bail_count, bail_share (of all pre-charge bail in force;
--   null when none is), authorised_below_level (of bail_count, rows whose authorised_by is
--   recorded and is a lower level than authority_needed), authority_not_recorded (of
--   bail_count, rows with no authorised_by). Filters apply through the bail's crime.
-- unit: counts
-- better: none
-- basis: snapshot
-- params: period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: bail, crimes
-- shape: counts = ["bail_count", "authorised_below_level", "authority_not_recorded"],
--   shares = {bail_share = "bail_count"},
--   tiles = {bail_count = "pre_charge_bail_at_end"}
with bands as (
    select *
    from (
        values
        (1, 'up to 3 months', 'custody_officer'),
        (2, '3-6 months', 'inspector'),
        (3, '6-9 months', 'superintendent'),
        (4, 'over 9 months', 'court')
    ) as band_values (band_order, band, authority_needed)
),

authority_levels as (
    select *
    from (
        values
        ('custody_officer', 1),
        ('inspector', 2),
        ('superintendent', 3),
        ('court', 4)
    ) as levels (authorised_by, authority_level)
),

band_limits as (
    select
        ($period_end - interval 3 month)::date as three_months_before,
        ($period_end - interval 6 month)::date as six_months_before,
        ($period_end - interval 9 month)::date as nine_months_before
),

bail_in_force as (
    select
        start_date,
        authorised_by
    from filtered_bail($local_authority, $subgroup, $age_band, $domestic_abuse)
    where
        release_type = 'pre_charge_bail'
        and start_date <= $period_end
        and in_force_until > $period_end
),

bail_by_band as (
    select
        case
            when bail_in_force.start_date >= band_limits.three_months_before then 1
            when bail_in_force.start_date >= band_limits.six_months_before then 2
            when bail_in_force.start_date >= band_limits.nine_months_before then 3
            else 4
        end as band_order,
        bail_in_force.authorised_by,
        authority_levels.authority_level
    from bail_in_force
    cross join band_limits
    left join authority_levels on authority_levels.authorised_by = bail_in_force.authorised_by
),

counts_by_band as (
    select
        band_order,
        count(*) as bail_count,
        count(*) filter (where authority_level < band_order) as authorised_below_level,
        count(*) filter (where authorised_by is null) as authority_not_recorded
    from bail_by_band
    group by band_order
),

bands_with_counts as (
    select
        bands.band_order,
        bands.band,
        bands.authority_needed,
        coalesce(counts_by_band.bail_count, 0) as bail_count,
        coalesce(counts_by_band.authorised_below_level, 0) as authorised_below_level,
        coalesce(counts_by_band.authority_not_recorded, 0) as authority_not_recorded
    from bands
    left join counts_by_band on counts_by_band.band_order = bands.band_order
)

select
    band_order,
    band,
    authority_needed,
    bail_count,
    bail_count / nullif(sum(bail_count) over (), 0) as bail_share,
    authorised_below_level,
    authority_not_recorded
from bands_with_counts
order by band_order
