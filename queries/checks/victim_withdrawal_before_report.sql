-- metric: victim_withdrawal_before_report
-- label: Victim withdrawal dated before the report
-- definition: Records whose victim withdrawal date (the victim withdrew support for the
--   investigation) is earlier than the date the crime was first reported to police. A victim can
--   only withdraw from an investigation that exists, so one of the two dates is wrong, and so is
--   the time from report to withdrawal. One row per record: crime_ref, record_type,
--   reported_date, victim_withdrawal_date. Ordered by crime_ref.
-- unit: count
-- better: down
-- basis: none
-- params: none
-- source: crimes
with withdrawals_before_report as (
    select
        crime_ref,
        record_type,
        reported_date,
        victim_withdrawal_date
    from crimes
    where victim_withdrawal_date < reported_date
)

select
    crime_ref,
    record_type,
    reported_date,
    victim_withdrawal_date
from withdrawals_before_report
order by crime_ref
