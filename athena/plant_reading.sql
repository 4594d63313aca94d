-- Athena (Glue) table over the archive's plant_reading dataset: one row per archived reading, flat.
-- {{database}}, {{bucket}} and {{prefix}} are filled in by whoever creates the table (terraform, a script).
-- Partition projection computes the partitions from the key layout, so no MSCK REPAIR or crawler is needed.
-- The columns match ParquetDatasets.READING (AthenaDdlTest checks it).
CREATE EXTERNAL TABLE IF NOT EXISTS {{database}}.plant_reading (
  reading_id      bigint,
  plant_id        int,
  plant_name      string,
  scientific_name string,
  botanist_name   string,
  botanist_email  string,
  botanist_phone  string,
  city            string,
  country         string,
  country_code    string,
  latitude        double,
  longitude       double,
  recording_taken timestamp,
  soil_moisture   double,
  temperature     double,
  last_watered    timestamp
)
PARTITIONED BY (year string, month string, day string, hour string)
STORED AS PARQUET
LOCATION 's3://{{bucket}}/{{prefix}}/plant_reading/'
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
  'projection.hour.type' = 'integer',
  'projection.hour.range' = '0,23',
  'projection.hour.digits' = '2',
  'storage.location.template' = 's3://{{bucket}}/{{prefix}}/plant_reading/year=${year}/month=${month}/day=${day}/hour=${hour}/'
);
