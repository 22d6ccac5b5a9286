-- metric: england_and_wales
-- label: Rape and other sexual offences: England and Wales
-- definition: One row per financial year for England and Wales as the Home Office totals it: every
--   row of the outcomes open data, the 43 territorial forces and British Transport Police. For the
--   chosen year (null: every loaded year), subgroup ('rape', 'other' for other sexual offences,
--   null: both) and quarter (1-4; null: the whole year). Columns as in force_figures:
--   crimes_recorded, charged_recorded_basis and charge_rate_recorded_basis on the recorded basis
--   (offences column, outcome type 0 included in the denominator; charged: type 1, or 1A if a file
--   has it); outcomes_assigned, charged, charge_rate, victim_not_supporting_rate (types 14 and 16)
--   and no_suspect_rate (type 18) on the closed basis (force_outcomes_recorded_in_quarter, outcome
--   types other than 0). Rates are fractions, null when the denominator is 0.
-- unit: counts
-- better: none
-- basis: none
-- params: year, subgroup, quarter
-- source: outcomes_open_data
with chosen_sums as (
    select *
    from national_sums
    where
        (cast($year as varchar) is null or financial_year = $year)
        and (cast($subgroup as varchar) is null or subgroup = $subgroup)
        and (cast($quarter as integer) is null or financial_quarter = $quarter)
),

totals as (
    select
        financial_year,
        cast(sum(crimes_recorded) as bigint) as crimes_recorded,
        cast(sum(charged_recorded_basis) as bigint) as charged_recorded_basis,
        cast(sum(outcomes_assigned) as bigint) as outcomes_assigned,
        cast(sum(charged) as bigint) as charged,
        cast(sum(victim_not_supporting) as bigint) as victim_not_supporting,
        cast(sum(no_suspect) as bigint) as no_suspect
    from chosen_sums
    group by financial_year
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
