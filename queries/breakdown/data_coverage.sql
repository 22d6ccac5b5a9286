-- metric: data_coverage
-- label: What the data covers
-- definition: One row describing the whole current data version, whatever the period and
--   filters (none applies). Columns: records_in_data (records of every type: crimes, N100 and
--   cancelled), crimes_in_data (records of type crime), first_recorded_date and
--   last_recorded_date (the earliest and latest recorded date of a crime), first_reported_date
--   and last_reported_date (the earliest and latest reported date of any record, crime, N100 or
--   cancelled: N100 and cancelled records are counted by reported date). Dates are null when
--   there is no record.
-- unit: counts
-- better: none
-- basis: none
-- params: none
-- source: crimes
-- shape: counts = ["records_in_data", "crimes_in_data"],
--   totals = []
with records as (
    select
        record_type,
        recorded_date,
        reported_date
    from crime_facts
)

select
    count(*) as records_in_data,
    count(*) filter (where record_type = 'crime') as crimes_in_data,
    min(recorded_date) filter (where record_type = 'crime') as first_recorded_date,
    max(recorded_date) filter (where record_type = 'crime') as last_recorded_date,
    min(reported_date) as first_reported_date,
    max(reported_date) as last_reported_date
from records
