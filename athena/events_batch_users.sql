-- Athena (Glue) table over the events' processed zone: one row per batch-extract item of /users, the item as JSON text (EventFamilies batch schema).
-- Written by routes/events-process.yaml from the raw events under events/; partitioned by the UTC day of occurred_at
-- (events_reject: the raw object's day). {{database}}, {{bucket}} and {{prefix}} are filled in by whoever creates the
-- table (terraform, a script). The columns match the schema in EventFamilies (LakeTablesTest checks it).
CREATE EXTERNAL TABLE IF NOT EXISTS {{database}}.events_batch_users (
  event_id    string,
  type        string,
  occurred_at timestamp,
  received_at timestamp,
  item_id     bigint,
  item        string
)
PARTITIONED BY (year string, month string, day string)
STORED AS PARQUET
LOCATION 's3://{{bucket}}/{{prefix}}/events_batch_users/'
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
  'storage.location.template' = 's3://{{bucket}}/{{prefix}}/events_batch_users/year=${year}/month=${month}/day=${day}/'
);
