-- Shared per-version facts, built once when the engine loads a data version.
-- The engine has already created the contract tables (crimes, outcomes, suspects, bail, orders,
-- breaches, biometrics, training) and the reference tables (ref_offence_codes,
-- ref_outcome_types, ref_local_authorities, ref_order_types). Metric files read the facts below
-- rather than joining the raw tables again, so that a page of tiles costs one narrow scan per
-- tile. Facts are tables, not views: the joins are paid for once per version.

-- The filter dimensions and record type are stored as enums: a filter then compares small
-- integers instead of strings, which roughly halves the cost of a filtered page at 1M crimes.
create type record_type_value as enum ('crime', 'n100', 'cancelled');
create type local_authority_value as enum (
    select gss_code from ref_local_authorities
    union all
    select 'unknown'
);
create type subgroup_value as enum ('rape', 'other');
create type age_band_value as enum ('under16', '16plus', 'unknown');
create type yes_no_value as enum ('yes', 'no');

-- crime_facts: one row per record of `crimes` (every record type: filter on record_type), with
-- the filter dimensions in the form the filters use, the current outcome and the suspect summary.
--   record_type      'crime', 'n100' or 'cancelled' (blank: 'crime', the contract's default)
--   local_authority  GSS code, or 'unknown' (stored 'unknown', blank, or anything not a Gwent
--                    GSS code, all become 'unknown')
--   subgroup         'rape' (reference subgroup "Rape", 19C-19H) else 'other'
--   age_band         'under16' (age < 16), '16plus' (age >= 16), 'unknown' (no age)
--   domestic_abuse   'yes' (flag true), 'no' (flag false), null (flag unknown: matches neither)
--   outcome_*        the crime's row in `outcomes`, null when it has none
--   is_assigned      an outcome other than code 0 (outcome_date then says when it was assigned)
--   closed_date      outcome_date of an assigned outcome; null while the crime is open (no outcome
--                    or code 0). The contract requires an outcome_date for every code but 0, so a
--                    crime is open at d exactly when recorded_date <= d and closed_date is null
--                    or after d.
--   is_charged       outcome 1 or 1A; is_victim_not_supporting: 14 or 16; is_no_suspect: 18
--   days_to_outcome  outcome_date - recorded_date, calendar days
--   is_non_recent    reported_date - offence_date > 365 (null without an offence_date)
--   suspect_count    rows in `suspects`; first_arrest_date: earliest arrest_date of them
--   days_to_arrest   first_arrest_date - reported_date, calendar days
create table crime_facts as
with suspect_summary as (
    select
        crime_ref,
        count(*) as suspect_count,
        min(arrest_date) as first_arrest_date
    from suspects
    group by crime_ref
),

crimes_with_outcome as (
    select
        crimes.crime_ref,
        coalesce(crimes.record_type, 'crime')::record_type_value as record_type,
        crimes.reported_date,
        crimes.recorded_date,
        crimes.offence_date,
        coalesce(
            try_cast(crimes.local_authority as local_authority_value),
            'unknown'::local_authority_value
        ) as local_authority,
        (case when offence_codes.subgroup = 'Rape' then 'rape' else 'other' end)::subgroup_value
            as subgroup,
        (case
            when crimes.victim_age is null then 'unknown'
            when crimes.victim_age < 16 then 'under16'
            else '16plus'
        end)::age_band_value as age_band,
        (case crimes.domestic_abuse when true then 'yes' when false then 'no' end)::yes_no_value
            as domestic_abuse,
        crimes.isva_referral_date,
        outcomes.outcome_code,
        outcomes.outcome_date,
        outcome_types.outcome_group,
        coalesce(suspect_summary.suspect_count, 0) as suspect_count,
        suspect_summary.first_arrest_date
    from crimes
    left join outcomes on outcomes.crime_ref = crimes.crime_ref
    left join ref_offence_codes as offence_codes on offence_codes.code = crimes.ho_offence_code
    left join ref_outcome_types as outcome_types on outcome_types.code = outcomes.outcome_code
    left join suspect_summary on suspect_summary.crime_ref = crimes.crime_ref
)

select
    crime_ref,
    record_type,
    reported_date,
    recorded_date,
    offence_date,
    local_authority,
    subgroup,
    age_band,
    domestic_abuse,
    isva_referral_date is not null as has_isva_referral,
    (reported_date - offence_date) > 365 as is_non_recent,
    outcome_code,
    outcome_date,
    outcome_group,
    coalesce(outcome_code <> '0', false) as is_assigned,
    case when outcome_code <> '0' then outcome_date end as closed_date,
    coalesce(outcome_code in ('1', '1A'), false) as is_charged,
    coalesce(outcome_code in ('14', '16'), false) as is_victim_not_supporting,
    coalesce(outcome_code = '18', false) as is_no_suspect,
    outcome_date - recorded_date as days_to_outcome,
    suspect_count,
    first_arrest_date,
    first_arrest_date - reported_date as days_to_arrest
from crimes_with_outcome
-- Sorted so that a period on recorded_date skips whole row groups.
order by recorded_date;

-- The first day of every calendar month that overlaps the period, oldest first: the rows of
-- every monthly series (a part month counts only its days inside the period). Queries pass
-- $period_start and $period_end.
create macro months_of(period_start, period_end) as table
    select month_start::date as month_start
    from generate_series(
        date_trunc('month', period_start), date_trunc('month', period_end), interval 1 month
    ) as series(month_start);

-- The filters of metrics.md §1 as table macros: a null argument means "no filter"; the local
-- authority 'unknown' matches records stored as 'unknown' or blank (see crime_facts).
-- Arguments: la (GSS code or 'unknown'), sg ('rape' or 'other'), ab ('under16', '16plus' or
-- 'unknown'), da ('yes' or 'no'). Queries pass the bound parameters $local_authority,
-- $subgroup, $age_band, $domestic_abuse.
-- filtered_records keeps every record type (N100 and cancelled too); filtered_crimes keeps
-- crimes only (record_type 'crime'), which is what "crimes" means in the metric catalogue.
create macro filtered_records(la, sg, ab, da) as table
    select *
    from crime_facts
    where
        (la is null or local_authority = la)
        and (sg is null or subgroup = sg)
        and (ab is null or age_band = ab)
        and (da is null or domestic_abuse = da);

create macro filtered_crimes(la, sg, ab, da) as table
    select *
    from filtered_records(la, sg, ab, da)
    where record_type = 'crime';

-- outcome_facts: the crimes of crime_facts with an assigned outcome (code not 0), with the
-- columns closed-basis metrics use, sorted by outcome_date so that a period on outcome_date skips
-- whole row groups.
create table outcome_facts as
select
    crime_ref,
    local_authority,
    subgroup,
    age_band,
    domestic_abuse,
    recorded_date,
    outcome_code,
    outcome_date,
    outcome_group,
    is_charged,
    is_victim_not_supporting,
    is_no_suspect,
    days_to_outcome
from crime_facts
where record_type = 'crime' and is_assigned and outcome_date is not null
order by outcome_date;

create macro filtered_outcomes(la, sg, ab, da) as table
    select *
    from outcome_facts
    where
        (la is null or local_authority = la)
        and (sg is null or subgroup = sg)
        and (ab is null or age_band = ab)
        and (da is null or domestic_abuse = da);

-- open_facts: the crimes of crime_facts (record type 'crime') with the first day they are no
-- longer open:
--   open_until  closed_date, or 'infinity' while the crime is open (no outcome, or code 0)
-- A crime is open at d exactly when recorded_date <= d and open_until > d (see crime_facts).
-- Sorted by open_until, so that "open at the end of a period" reads only the row groups of the
-- crimes closed after that day or still open, not every crime ever recorded (at 10M crimes over
-- ten years, a fortieth of the time).
create table open_facts as
select
    local_authority,
    subgroup,
    age_band,
    domestic_abuse,
    recorded_date,
    coalesce(closed_date, date 'infinity') as open_until
from crime_facts
where record_type = 'crime'
order by open_until;

create macro filtered_open(la, sg, ab, da) as table
    select *
    from open_facts
    where
        (la is null or local_authority = la)
        and (sg is null or subgroup = sg)
        and (ab is null or age_band = ab)
        and (da is null or domestic_abuse = da);

-- ---------------------------------------------------------------------------------------------
-- Suspects and disruption (metrics.md §3). Each fact below carries the filter dimensions of the
-- crime it is linked to (columns local_authority, subgroup, age_band, domestic_abuse, as in
-- crime_facts), so that the filters of §1 apply "through the linked crime" without a join per
-- tile. A row whose crime is missing (an order without a crime_ref) has null dimensions: it
-- passes only when no filter is set, because a null never equals a filter value.

-- crime_filters_match: the four filters of §1 against one row's dimensions; a null argument
-- means "no filter" (the same rule as filtered_records).
create macro crime_filters_match(la, sg, ab, da, row_la, row_sg, row_ab, row_da) as
    coalesce(
        (la is null or row_la = la)
        and (sg is null or row_sg = sg)
        and (ab is null or row_ab = ab)
        and (da is null or row_da = da),
        false
    );

-- suspect_crime_facts: one row per link in `suspects` to a crime (record type 'crime' with a
-- recorded date: N100 and cancelled records never count towards the repeat-suspect rule), with
-- the crime's recorded_date, closed_date (see crime_facts) and filter dimensions. The contract
-- keys `suspects` on crime_ref + suspect_id, so a row is one distinct (suspect, crime) pair.
--   is_repeat_candidate  the suspect is linked to at least 2 crimes in all: the rule's
--                        min_crimes is at least 2 (dashboard.disruption.RepeatRule), and the
--                        window and the filters only ever take crimes away, so no other suspect
--                        can be a repeat suspect, whatever the rule, period or filters.
-- Sorted by recorded_date so that a look-back window skips whole row groups.
create table suspect_crime_facts as
with links as (
    select
        suspects.suspect_id,
        facts.crime_ref,
        facts.recorded_date,
        facts.closed_date,
        facts.local_authority,
        facts.subgroup,
        facts.age_band,
        facts.domestic_abuse
    from suspects
    inner join crime_facts as facts on facts.crime_ref = suspects.crime_ref
    where facts.record_type = 'crime' and facts.recorded_date is not null
),

crimes_by_suspect as (
    select
        suspect_id,
        count(*) as crimes
    from links
    group by suspect_id
)

select
    links.*,
    crimes_by_suspect.crimes >= 2 as is_repeat_candidate
from links
inner join crimes_by_suspect on crimes_by_suspect.suspect_id = links.suspect_id
order by links.recorded_date;

create macro filtered_suspect_crimes(la, sg, ab, da) as table
    select *
    from suspect_crime_facts
    where crime_filters_match(la, sg, ab, da, local_authority, subgroup, age_band, domestic_abuse);

-- repeat_candidate_facts: the rows of suspect_crime_facts whose suspect is a repeat candidate
-- (a few per cent of them), which is all the repeat-suspect figures need to read, with small
-- integer keys for suspect_id and crime_ref (suspect_key, crime_key): the monthly trend groups
-- and counts on them several hundred thousand times, where integers are cheaper than text.
create table repeat_candidate_facts as
select
    *,
    dense_rank() over (order by suspect_id)::integer as suspect_key,
    dense_rank() over (order by crime_ref)::integer as crime_key
from suspect_crime_facts
where is_repeat_candidate
order by recorded_date;

create macro filtered_repeat_candidates(la, sg, ab, da) as table
    select *
    from repeat_candidate_facts
    where crime_filters_match(la, sg, ab, da, local_authority, subgroup, age_band, domestic_abuse);

-- bail_facts: `bail` with the filter dimensions of its crime, and
--   in_force_until  end_date, or 'infinity' while the release has no end: a release is in
--                   force at d exactly when start_date <= d and in_force_until > d
-- Sorted by in_force_until, so that "in force at the end of the period" reads only the row
-- groups of releases ended after that day or not ended, not every release of ten years.
create table bail_facts as
select
    bail.bail_id,
    bail.crime_ref,
    bail.suspect_id,
    bail.release_type,
    bail.start_date,
    bail.end_date,
    coalesce(bail.end_date, date 'infinity') as in_force_until,
    bail.authorised_by,
    facts.local_authority,
    facts.subgroup,
    facts.age_band,
    facts.domestic_abuse
from bail
left join crime_facts as facts on facts.crime_ref = bail.crime_ref
order by in_force_until;

create macro filtered_bail(la, sg, ab, da) as table
    select *
    from bail_facts
    where crime_filters_match(la, sg, ab, da, local_authority, subgroup, age_band, domestic_abuse);

-- order_facts: `orders` with the filter dimensions of its crime (null without a crime_ref).
create table order_facts as
select
    orders.order_id,
    orders.suspect_id,
    orders.crime_ref,
    orders.order_type,
    orders.applied_date,
    orders.decision,
    orders.decision_date,
    orders.expiry_date,
    facts.local_authority,
    facts.subgroup,
    facts.age_band,
    facts.domestic_abuse
from orders
left join crime_facts as facts on facts.crime_ref = orders.crime_ref;

create macro filtered_orders(la, sg, ab, da) as table
    select *
    from order_facts
    where crime_filters_match(la, sg, ab, da, local_authority, subgroup, age_band, domestic_abuse);

-- order_in_force: a granted order is in force on `day` when it was decided on or before that day
-- and has no expiry date or expires after it (an order expiring on `day` is no longer in force).
create macro order_in_force(decision, decision_date, expiry_date, day) as
    decision = 'granted'
    and decision_date <= day
    and (expiry_date is null or expiry_date > day);

-- breach_facts: `breaches` with the suspect and crime of the bail or order breached and that
-- crime's filter dimensions.
--   breach_date      the date of breach_at
--   reported_at      reported_at, defaulting to breach_at (the contract's default)
--   hours_to_action  action_at - reported_at in hours, a fraction (null without an action_at)
create table breach_facts as
with breached as (
    select
        'bail' as breach_of,
        bail_id as ref_id,
        suspect_id,
        crime_ref
    from bail
    union all
    select
        'order' as breach_of,
        order_id as ref_id,
        suspect_id,
        crime_ref
    from orders
),

breaches_with_report as (
    select
        breach_id,
        breach_of,
        ref_id,
        breach_at,
        coalesce(reported_at, breach_at) as reported_at,
        action,
        action_at
    from breaches
)

select
    breaches.breach_id,
    breaches.breach_of,
    breaches.ref_id,
    breached.suspect_id,
    breached.crime_ref,
    breaches.breach_at,
    breaches.breach_at::date as breach_date,
    breaches.reported_at,
    breaches.action,
    breaches.action_at,
    date_diff('second', breaches.reported_at, breaches.action_at) / 3600 as hours_to_action,
    facts.local_authority,
    facts.subgroup,
    facts.age_band,
    facts.domestic_abuse
from breaches_with_report as breaches
left join breached
    on breached.breach_of = breaches.breach_of and breached.ref_id = breaches.ref_id
left join crime_facts as facts on facts.crime_ref = breached.crime_ref;

create macro filtered_breaches(la, sg, ab, da) as table
    select *
    from breach_facts
    where crime_filters_match(la, sg, ab, da, local_authority, subgroup, age_band, domestic_abuse);

-- biometric_facts: `biometrics` (s63G PACE) with the filter dimensions of its crime.
create table biometric_facts as
select
    biometrics.suspect_id,
    biometrics.crime_ref,
    biometrics.nfa_date,
    biometrics.application_date,
    biometrics.decision,
    biometrics.decision_date,
    facts.local_authority,
    facts.subgroup,
    facts.age_band,
    facts.domestic_abuse
from biometrics
left join crime_facts as facts on facts.crime_ref = biometrics.crime_ref
order by biometrics.nfa_date;

create macro filtered_biometrics(la, sg, ab, da) as table
    select *
    from biometric_facts
    where crime_filters_match(la, sg, ab, da, local_authority, subgroup, age_band, domestic_abuse);

-- staff_facts: one row per staff_id of `training` (never filtered).
--   in_scope                     any of the staff member's rows has in_scope true
--   team                         the team of their in-scope rows (the first in alphabetical
--                                order when these differ), else of any row; null when none
--   word_on_word_completed_date  completed_date of their word_on_word row (null: none, or not
--                                completed)
create table staff_facts as
select
    staff_id,
    coalesce(min(team) filter (where in_scope), min(team)) as team,
    coalesce(bool_or(in_scope), false) as in_scope,
    min(completed_date) filter (where course = 'word_on_word') as word_on_word_completed_date
from training
group by staff_id;


-- Completeness of the optional columns of the extract contract, shared by
-- queries/breakdown/completeness_by_month.sql and completeness_by_column.sql (whose headers
-- define which month a row counts in and what counts as a value).
-- optional_columns(): every column the contract never requires and gives no default, in the
-- contract's order of tables and of columns (column_order).
create macro optional_columns() as table
    select *
    from (
        values
        (1, 'crimes', 'offence_date'),
        (2, 'crimes', 'local_authority'),
        (3, 'crimes', 'victim_id'),
        (4, 'crimes', 'victim_age'),
        (5, 'crimes', 'victim_sex'),
        (6, 'crimes', 'relationship'),
        (7, 'crimes', 'domestic_abuse'),
        (8, 'crimes', 'isva_referral_date'),
        (9, 'crimes', 'victim_withdrawal_date'),
        (10, 'outcomes', 'outcome_date'),
        (11, 'suspects', 'identified_date'),
        (12, 'suspects', 'arrest_date'),
        (13, 'suspects', 'voluntary_interview_date'),
        (14, 'suspects', 'interview_date'),
        (15, 'suspects', 'biometrics_taken'),
        (16, 'bail', 'end_date'),
        (17, 'bail', 'has_conditions'),
        (18, 'bail', 'authorised_by'),
        (19, 'orders', 'crime_ref'),
        (20, 'orders', 'decision_date'),
        (21, 'orders', 'expiry_date'),
        (22, 'breaches', 'reported_at'),
        (23, 'breaches', 'action'),
        (24, 'breaches', 'action_at'),
        (25, 'breaches', 'breach_crime_ref'),
        (26, 'biometrics', 'application_date'),
        (27, 'biometrics', 'decision'),
        (28, 'biometrics', 'decision_date'),
        (29, 'training', 'team'),
        (30, 'training', 'completed_date')
    ) as columns_list (column_order, table_name, column_name);

-- completeness_daily: the filled cells of every optional column, counted once per version by
-- day and filter combination, so that a period's completeness sums a few thousand rows instead
-- of joining a year of crimes to every table of ten years (2 s a table at 10M crimes). One row
-- per day, table_name, column_name and the filter dimensions of the rows counted: filled (rows
-- with a value) and total (the table's rows). The day of a row is the recorded_date of its
-- crime (crimes, outcomes, suspects, bail, biometrics: crimes only, as filtered_crimes), its
-- applied_date (orders) or its breach_date (breaches); its dimensions are its crime's, as the
-- filters of the facts above read them (null for an order or breach without a crime).
-- Training is not here: it has no day and is never filtered (completeness_counts counts it).
create table completeness_daily as
with crimes_by_day as (
    select
        crimes.*,
        facts.recorded_date as day,
        facts.local_authority as dim_la,
        facts.subgroup as dim_sg,
        facts.age_band as dim_ab,
        facts.domestic_abuse as dim_da,
        facts.local_authority <> 'unknown' as has_known_local_authority
    from crime_facts as facts
    inner join crimes on crimes.crime_ref = facts.crime_ref
    where facts.record_type = 'crime'
),

crime_counts as (
    select
        day, dim_la, dim_sg, dim_ab, dim_da,
        count(*) as total,
        count(offence_date) as offence_date,
        count(*) filter (where has_known_local_authority) as local_authority,
        count(victim_id) as victim_id,
        count(victim_age) as victim_age,
        count(victim_sex) as victim_sex,
        count(relationship) as relationship,
        count(domestic_abuse) as domestic_abuse,
        count(isva_referral_date) as isva_referral_date,
        count(victim_withdrawal_date) as victim_withdrawal_date
    from crimes_by_day
    group by all
),

outcome_counts as (
    select
        c.day, c.dim_la, c.dim_sg, c.dim_ab, c.dim_da,
        count(*) as total,
        count(outcomes.outcome_date) as outcome_date
    from outcomes
    inner join crimes_by_day as c on c.crime_ref = outcomes.crime_ref
    group by all
),

suspect_counts as (
    select
        c.day, c.dim_la, c.dim_sg, c.dim_ab, c.dim_da,
        count(*) as total,
        count(suspects.identified_date) as identified_date,
        count(suspects.arrest_date) as arrest_date,
        count(suspects.voluntary_interview_date) as voluntary_interview_date,
        count(suspects.interview_date) as interview_date,
        count(suspects.biometrics_taken) as biometrics_taken
    from suspects
    inner join crimes_by_day as c on c.crime_ref = suspects.crime_ref
    group by all
),

bail_counts as (
    select
        c.day, c.dim_la, c.dim_sg, c.dim_ab, c.dim_da,
        count(*) as total,
        count(bail.end_date) as end_date,
        count(bail.has_conditions) as has_conditions,
        count(bail.authorised_by) as authorised_by
    from bail
    inner join crimes_by_day as c on c.crime_ref = bail.crime_ref
    group by all
),

order_counts as (
    select
        applied_date as day,
        local_authority as dim_la,
        subgroup as dim_sg,
        age_band as dim_ab,
        domestic_abuse as dim_da,
        count(*) as total,
        count(crime_ref) as crime_ref,
        count(decision_date) as decision_date,
        count(expiry_date) as expiry_date
    from order_facts
    where applied_date is not null
    group by all
),

breach_counts as (
    select
        facts.breach_date as day,
        facts.local_authority as dim_la,
        facts.subgroup as dim_sg,
        facts.age_band as dim_ab,
        facts.domestic_abuse as dim_da,
        count(*) as total,
        count(breaches.reported_at) as reported_at,
        count(breaches.action) as action,
        count(breaches.action_at) as action_at,
        count(breaches.breach_crime_ref) as breach_crime_ref
    from breach_facts as facts
    inner join breaches on breaches.breach_id = facts.breach_id
    where facts.breach_date is not null
    group by all
),

biometric_counts as (
    select
        c.day, c.dim_la, c.dim_sg, c.dim_ab, c.dim_da,
        count(*) as total,
        count(biometrics.application_date) as application_date,
        count(biometrics.decision) as decision,
        count(biometrics.decision_date) as decision_date
    from biometrics
    inner join crimes_by_day as c on c.crime_ref = biometrics.crime_ref
    group by all
)

from (
    unpivot crime_counts
    on
        offence_date,
        local_authority,
        victim_id,
        victim_age,
        victim_sex,
        relationship,
        domestic_abuse,
        isva_referral_date,
        victim_withdrawal_date
    into name column_name value filled
)
select 'crimes' as table_name, *
union all by name
from (unpivot outcome_counts on outcome_date into name column_name value filled)
select 'outcomes' as table_name, *
union all by name
from (
    unpivot suspect_counts
    on identified_date, arrest_date, voluntary_interview_date, interview_date, biometrics_taken
    into name column_name value filled
)
select 'suspects' as table_name, *
union all by name
from (
    unpivot bail_counts
    on end_date, has_conditions, authorised_by
    into name column_name value filled
)
select 'bail' as table_name, *
union all by name
from (
    unpivot order_counts
    on crime_ref, decision_date, expiry_date
    into name column_name value filled
)
select 'orders' as table_name, *
union all by name
from (
    unpivot breach_counts
    on reported_at, action, action_at, breach_crime_ref
    into name column_name value filled
)
select 'breaches' as table_name, *
union all by name
from (
    unpivot biometric_counts
    on application_date, decision, decision_date
    into name column_name value filled
)
select 'biometrics' as table_name, *
order by day;

-- completeness_counts(p_start, p_end, la, sg, ab, da): one row per month_start, table_name
-- and column_name that has rows in the period: filled (rows with a value) and total (the
-- table's rows counted in that month). Filters as filtered_crimes; training never filtered.
create macro completeness_counts(p_start, p_end, la, sg, ab, da) as table
    select
        date_trunc('month', day)::date as month_start,
        table_name,
        column_name,
        sum(filled)::bigint as filled,
        sum(total)::bigint as total
    from completeness_daily
    where
        day between p_start and p_end
        and crime_filters_match(la, sg, ab, da, dim_la, dim_sg, dim_ab, dim_da)
    group by all
    union all by name
    from (
        unpivot (
            select
                date_trunc('month', p_end::date)::date as month_start,
                count(*) as total,
                count(team) as team,
                count(completed_date) as completed_date
            from training
            having count(*) > 0
        )
        on team, completed_date
        into name column_name value filled
    )
    select 'training' as table_name, *;
