-- metric: victim_profile
-- label: Crimes recorded by victim age and sex
-- definition: Crimes recorded in the period by the victim's age band and sex. Age bands are the
--   age-band filter's values: "under16" (age under 16), "16plus" (16 and over), "unknown" (no
--   age). Sex is the recorded value, "F", "M", "X" (other) or "U" (recorded as unknown), or
--   "unknown" when none is recorded. One row per age band and sex, all 15 always present (zeros
--   included), plus any other sex value that occurs (after the others in its age band, its
--   victim_sex_order null). Columns: victim_age_band_order (1-3), victim_age_band,
--   victim_sex_order (1-5), victim_sex, recorded_count, recorded_share (of all crimes recorded
--   in the period; null when there are none).
-- unit: counts
-- better: none
-- basis: recorded
-- params: period_start, period_end, local_authority, subgroup, age_band, domestic_abuse
-- source: crimes
-- shape: counts = ["recorded_count"],
--   shares = {recorded_share = "recorded_count"},
--   tiles = {recorded_count = "crimes_recorded"},
--   zeros = [{rows = "victim_age_band", counts = ["recorded_count"], filter = "age_band"}]
with victim_age_bands as (
    select *
    from (
        values (1, 'under16'), (2, '16plus'), (3, 'unknown')
    ) as bands (victim_age_band_order, victim_age_band)
),

victim_sexes as (
    select *
    from (
        values (1, 'F'), (2, 'M'), (3, 'X'), (4, 'U'), (5, 'unknown')
    ) as sexes (victim_sex_order, victim_sex)
),

profile_cells as (
    select
        victim_age_bands.victim_age_band_order,
        victim_age_bands.victim_age_band,
        victim_sexes.victim_sex_order,
        victim_sexes.victim_sex
    from victim_age_bands
    cross join victim_sexes
),

crimes_recorded_in_period as (
    select
        facts.age_band::varchar as victim_age_band,
        coalesce(crimes.victim_sex, 'unknown') as victim_sex
    from filtered_crimes($local_authority, $subgroup, $age_band, $domestic_abuse) as facts
    inner join crimes on crimes.crime_ref = facts.crime_ref
    where
        facts.recorded_date between $period_start and $period_end
        -- the same day (crime_facts takes it from crimes): lets the scan of crimes skip the
        -- other years, as crimes is stored in recorded_date order
        and crimes.recorded_date between $period_start and $period_end
),

counts_by_cell as (
    select
        victim_age_band,
        victim_sex,
        count(*) as recorded_count
    from crimes_recorded_in_period
    group by victim_age_band, victim_sex
),

cells_with_counts as (
    select
        coalesce(profile_cells.victim_age_band_order, victim_age_bands.victim_age_band_order)
            as victim_age_band_order,
        coalesce(profile_cells.victim_age_band, counts_by_cell.victim_age_band)
            as victim_age_band,
        profile_cells.victim_sex_order,
        coalesce(profile_cells.victim_sex, counts_by_cell.victim_sex) as victim_sex,
        coalesce(counts_by_cell.recorded_count, 0) as recorded_count
    from profile_cells
    full join counts_by_cell
        on
            counts_by_cell.victim_age_band = profile_cells.victim_age_band
            and counts_by_cell.victim_sex = profile_cells.victim_sex
    left join victim_age_bands on victim_age_bands.victim_age_band = counts_by_cell.victim_age_band
)

select
    victim_age_band_order,
    victim_age_band,
    victim_sex_order,
    victim_sex,
    recorded_count,
    recorded_count / nullif(sum(recorded_count) over (), 0) as recorded_share
from cells_with_counts
order by victim_age_band_order, victim_sex_order nulls last, victim_sex
