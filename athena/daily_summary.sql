-- Athena (Glue) table over the archive's daily_summary dataset: one row per plant and UTC day.
-- {{database}}, {{bucket}} and {{prefix}} are filled in by whoever creates the table (terraform, a script).
-- The columns match ParquetDatasets.SUMMARY (AthenaDdlTest checks it).
CREATE EXTERNAL TABLE IF NOT EXISTS {{database}}.daily_summary (
  plant_id             int,
  plant_name           string,
  day                  date,
  readings             int,
  temperature_min      double,
  temperature_max      double,
  temperature_mean     double,
  temperature_median   double,
  temperature_p25      double,
  temperature_p75      double,
  soil_moisture_min    double,
  soil_moisture_max    double,
  soil_moisture_mean   double,
  soil_moisture_median double,
  soil_moisture_p25    double,
  soil_moisture_p75    double,
  times_watered        int
)
PARTITIONED BY (year string, month string, day_of_month string)
STORED AS PARQUET
LOCATION 's3://{{bucket}}/{{prefix}}/daily_summary/'
TBLPROPERTIES (
  'parquet.compression' = 'SNAPPY',
  'projection.enabled' = 'true',
  'projection.year.type' = 'integer',
  'projection.year.range' = '2020,2100',
  'projection.year.digits' = '4',
  'projection.month.type' = 'integer',
  'projection.month.range' = '1,12',
  'projection.month.digits' = '2',
  'projection.day_of_month.type' = 'integer',
  'projection.day_of_month.range' = '1,31',
  'projection.day_of_month.digits' = '2',
  'storage.location.template' = 's3://{{bucket}}/{{prefix}}/daily_summary/year=${year}/month=${month}/day=${day_of_month}/'
);
