-- definition: not a metric: the shared per-force facts the national figures read (below).
-- Shared per-version facts of the national engine (Home Office outcomes open data), built once
-- when the engine loads a national version. The engine has already created outcomes_open_data:
-- one row per financial year, quarter, force, offence code and outcome type, with the two counts
-- (offences: outcomes as at publication of offences recorded in the quarter, outcome 0 included;
-- force_outcomes_recorded_in_quarter: outcomes assigned in the quarter, whenever recorded) and
-- null for a count published as NA or blank.

-- national_sums: the rape and other sexual offences rows summed per financial year, quarter,
-- force and subgroup, so each figure file reads a few thousand rows rather than the whole table.
--   subgroup         'rape' (offence subgroup "Rape": codes 19C-19H) or 'other' (subgroup
--                    "Other sexual offences"); every other subgroup is left out
--   is_territorial   false for British Transport Police (and the national bodies that appear in
--                    the recorded crime tables): the Home Office's England and Wales total counts
--                    them, force rankings do not
--   crimes_recorded  sum of offences over every outcome type, 0 ("not yet assigned") included
--   charged_recorded_basis  sum of offences with outcome type 1 (or 1A, charge for an alternative
--                    offence, where a year publishes it)
--   outcomes_assigned       sum of force_outcomes_recorded_in_quarter over outcome types
--                           other than 0
--   charged                 the same with outcome type 1 (or 1A)
--   victim_not_supporting   the same with outcome types 14 and 16
--   no_suspect              the same with outcome type 18
-- Counts may be negative (net adjustments the Home Office publishes); they are summed as given.
-- A sum over no non-null count is 0.
create table national_sums as
select
    financial_year,
    financial_quarter,
    force_name,
    lower(force_name) not in (
        'british transport police', 'action fraud', 'cifas', 'uk finance'
    ) as is_territorial,
    case lower(offence_subgroup) when 'rape' then 'rape' else 'other' end as subgroup,
    cast(coalesce(sum(offences), 0) as bigint) as crimes_recorded,
    cast(coalesce(sum(offences) filter (where outcome_type in ('1', '1A')), 0) as bigint)
        as charged_recorded_basis,
    cast(
        coalesce(sum(force_outcomes_recorded_in_quarter) filter (where outcome_type <> '0'), 0)
        as bigint
    ) as outcomes_assigned,
    cast(
        coalesce(
            sum(force_outcomes_recorded_in_quarter) filter (where outcome_type in ('1', '1A')), 0
        )
        as bigint
    ) as charged,
    cast(
        coalesce(
            sum(force_outcomes_recorded_in_quarter) filter (where outcome_type in ('14', '16')), 0
        )
        as bigint
    ) as victim_not_supporting,
    cast(
        coalesce(sum(force_outcomes_recorded_in_quarter) filter (where outcome_type = '18'), 0)
        as bigint
    ) as no_suspect
from outcomes_open_data
where lower(offence_subgroup) in ('rape', 'other sexual offences')
group by all;
