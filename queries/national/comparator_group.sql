-- metric: comparator_group
-- label: Rape and other sexual offences: comparator group
-- definition: One row per financial year for a comparator group: the sum over the chosen forces (a
--   list of force names as the file spells them; an empty list gives counts of 0 and null rates),
--   not an average of their rates. Every year loaded has a row, for the chosen year (null: every
--   loaded year), subgroup ('rape', 'other' for other sexual offences, null: both) and quarter
--   (1-4; null: the whole year). Columns as in force_figures: crimes_recorded,
--   charged_recorded_basis and charge_rate_recorded_basis on the recorded basis (offences column,
--   outcome type 0 included in the denominator; charged: type 1, or 1A if a file has it);
--   outcomes_assigned, charged, charge_rate, victim_not_supporting_rate (types 14 and 16) and
--   no_suspect_rate (type 18) on the closed basis (force_outcomes_recorded_in_quarter, outcome
--   types other than 0). Rates are fractions, null when the denominator is 0.
-- unit: counts
-- better: none
-- basis: none
-- params: year, subgroup, quarter, comparators
-- source: outcomes_open_data
with chosen_years as (
    select distinct financial_year
    from national_sums
    where cast($year as varchar) is null or financial_year = $year
),

chosen_sums as (
    select *
    from national_sums
    where
        (cast($year as varchar) is null or financial_year = $year)
        and (cast($subgroup as varchar) is null or subgroup = $subgroup)
        and (cast($quarter as integer) is null or financial_quarter = $quarter)
        and list_contains(cast($comparators as varchar[]), force_name)
),

totals as (
    select
        chosen_years.financial_year,
        cast(coalesce(sum(crimes_recorded), 0) as bigint) as crimes_recorded,
        cast(coalesce(sum(charged_recorded_basis), 0) as bigint) as charged_recorded_basis,
        cast(coalesce(sum(outcomes_assigned), 0) as bigint) as outcomes_assigned,
        cast(coalesce(sum(charged), 0) as bigint) as charged,
        cast(coalesce(sum(victim_not_supporting), 0) as bigint) as victim_not_supporting,
        cast(coalesce(sum(no_suspect), 0) as bigint) as no_suspect
    from chosen_years
    left join chosen_sums on chosen_years.financial_year = chosen_sums.financial_year
    group by chosen_years.financial_year
)

select
    financial_year,
    crimes_recorded,
    charged_recorded_basis,
    charged_recorded_basis / nullif(crimes_recorded, 0) as charge_rate_recorded_basis,
    outcomes_assigned,
    charged,
    charged / nullif(outcomes_assigned, 0) as charge_rate,
    victim_not_supporting / nullif(outcomes_assigned, 0) as victim_not_supporting_rate,
    no_suspect / nullif(outcomes_assigned, 0) as no_suspect_rate
from totals
order by financial_year
