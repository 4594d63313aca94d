-- Athena (Glue) table over the events' processed zone: one row per raw event line no family takes, with the reason (EventFamilies.REJECT).
-- Written by routes/events-process.yaml from the raw events under events/; partitioned by the UTC day of occurred_at
-- (events_reject: the raw object's day). {{database}}, {{bucket}} and {{prefix}} are filled in by whoever creates the
-- table (terraform, a script). The columns match the schema in EventFamilies (LakeTablesTest checks it).
CREATE EXTERNAL TABLE IF NOT EXISTS {{database}}.events_reject (
  raw_key  string,
  line     bigint,
  reason   string,
  raw_line string
)
PARTITIONED BY (year string, month string, day string)
STORED AS PARQUET
LOCATION 's3://{{bucket}}/{{prefix}}/events_reject/'
TBLPROPERTIES (
  'parquet.compression' = 'SNAPPY',
  'projection.enabled' = 'true',
  'projection.year.type' = 'integer',
  'projection.year.range' = '2020,2100',
  'projection.year.digits' = '4',
  'projection.month.type' = 'integer',
  'projection.month.range' = '1,12',
  'projection.month.digits' = '2',
  'projection.day.type' = 'integer',
  'projection.day.range' = '1,31',
  'projection.day.digits' = '2',
  'storage.location.template' = 's3://{{bucket}}/{{prefix}}/events_reject/year=${year}/month=${month}/day=${day}/'
);
