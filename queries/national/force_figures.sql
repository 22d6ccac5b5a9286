-- metric: force_figures
-- label: Rape and other sexual offences: figures for every force
-- definition: One row per financial year and force in the Home Office outcomes open data (the 43
--   territorial forces and British Transport Police), for the chosen year (null: every loaded
--   year), subgroup ('rape', 'other' for other sexual offences, null: both) and quarter (1-4; null:
--   the whole year). Recorded basis, from the offences column (outcomes, as at publication, of
--   offences recorded in the period): crimes_recorded (every outcome type, 0 "not yet assigned"
--   included), charged_recorded_basis (outcome type 1, charged/summonsed, or 1A if a file has it),
--   charge_rate_recorded_basis (charged_recorded_basis over crimes_recorded). Closed basis, from
--   force_outcomes_recorded_in_quarter (outcomes assigned in the period, whenever the offence was
--   recorded): outcomes_assigned (outcome types other than 0), charged (type 1), charge_rate
--   (charged over outcomes_assigned), victim_not_supporting_rate (types 14 and 16 over
--   outcomes_assigned), no_suspect_rate (type 18 over outcomes_assigned). Rates are fractions, null
--   when the denominator is 0. is_territorial is false for British Transport Police. The *_rank
--   columns rank the territorial forces of the year on each rate, 1 = the highest, ties sharing the
--   better rank; null for British Transport Police and for a null rate.
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

per_force as (
    select
        financial_year,
        force_name,
        bool_and(is_territorial) as is_territorial,
        cast(sum(crimes_recorded) as bigint) as crimes_recorded,
        cast(sum(charged_recorded_basis) as bigint) as charged_recorded_basis,
        cast(sum(outcomes_assigned) as bigint) as outcomes_assigned,
        cast(sum(charged) as bigint) as charged,
        cast(sum(victim_not_supporting) as bigint) as victim_not_supporting,
        cast(sum(no_suspect) as bigint) as no_suspect
    from chosen_sums
    group by financial_year, force_name
),

with_rates as (
    select
        financial_year,
        force_name,
        is_territorial,
        crimes_recorded,
        charged_recorded_basis,
        charged_recorded_basis / nullif(crimes_recorded, 0) as charge_rate_recorded_basis,
        outcomes_assigned,
        charged,
        charged / nullif(outcomes_assigned, 0) as charge_rate,
        victim_not_supporting / nullif(outcomes_assigned, 0) as victim_not_supporting_rate,
        no_suspect / nullif(outcomes_assigned, 0) as no_suspect_rate
    from per_force
)

select
    *,
    case when is_territorial and charge_rate_recorded_basis is not null then
        rank() over (
            partition by financial_year, is_territorial, charge_rate_recorded_basis is null
            order by charge_rate_recorded_basis desc
        )
    end as charge_rate_recorded_basis_rank,
    case when is_territorial and charge_rate is not null then
        rank() over (
            partition by financial_year, is_territorial, charge_rate is null
            order by charge_rate desc
        )
    end as charge_rate_rank,
    case when is_territorial and victim_not_supporting_rate is not null then
        rank() over (
            partition by financial_year, is_territorial, victim_not_supporting_rate is null
            order by victim_not_supporting_rate desc
        )
    end as victim_not_supporting_rate_rank,
    case when is_territorial and no_suspect_rate is not null then
        rank() over (
            partition by financial_year, is_territorial, no_suspect_rate is null
            order by no_suspect_rate desc
        )
    end as no_suspect_rate_rank
from with_rates
order by financial_year, force_name
