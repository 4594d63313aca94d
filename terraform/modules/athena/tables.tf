# The Glue tables of athena/plant_reading.sql and athena/daily_summary.sql, column for column and with the
# same partition projection (TerraformModulesTest compares them, so the two cannot drift). Partition
# projection computes partitions from the key layout the archive writes: no crawler, no MSCK REPAIR.

locals {
  # Both tables: Parquet, projected partitions, and the same year and month keys.
  common_properties = {
    "parquet.compression"     = "SNAPPY"
    "projection.enabled"      = "true"
    "projection.year.type"    = "integer"
    "projection.year.range"   = "2020,2100"
    "projection.year.digits"  = "4"
    "projection.month.type"   = "integer"
    "projection.month.range"  = "1,12"
    "projection.month.digits" = "2"
  }

  tables = {
    plant_reading = {
      description = "One row per archived reading, flat (ParquetDatasets.READING)"
      columns = [
        { name = "reading_id", type = "bigint" },
        { name = "plant_id", type = "int" },
        { name = "plant_name", type = "string" },
        { name = "scientific_name", type = "string" },
        { name = "botanist_name", type = "string" },
        { name = "botanist_email", type = "string" },
        { name = "botanist_phone", type = "string" },
        { name = "city", type = "string" },
        { name = "country", type = "string" },
        { name = "country_code", type = "string" },
        { name = "latitude", type = "double" },
        { name = "longitude", type = "double" },
        { name = "recording_taken", type = "timestamp" },
        { name = "soil_moisture", type = "double" },
        { name = "temperature", type = "double" },
        { name = "last_watered", type = "timestamp" },
      ]
      partition_keys = ["year", "month", "day", "hour"]
      # after s3://<bucket>/<prefix>/
      location_template = "plant_reading/year=$${year}/month=$${month}/day=$${day}/hour=$${hour}/"
      # besides common_properties
      properties = {
        "projection.day.type"    = "integer"
        "projection.day.range"   = "1,31"
        "projection.day.digits"  = "2"
        "projection.hour.type"   = "integer"
        "projection.hour.range"  = "0,23"
        "projection.hour.digits" = "2"
      }
    }
    daily_summary = {
      description = "One row per plant and UTC day (ParquetDatasets.SUMMARY)"
      columns = [
        { name = "plant_id", type = "int" },
        { name = "plant_name", type = "string" },
        { name = "day", type = "date" },
        { name = "readings", type = "int" },
        { name = "temperature_min", type = "double" },
        { name = "temperature_max", type = "double" },
        { name = "temperature_mean", type = "double" },
        { name = "temperature_median", type = "double" },
        { name = "temperature_p25", type = "double" },
        { name = "temperature_p75", type = "double" },
        { name = "soil_moisture_min", type = "double" },
        { name = "soil_moisture_max", type = "double" },
        { name = "soil_moisture_mean", type = "double" },
        { name = "soil_moisture_median", type = "double" },
        { name = "soil_moisture_p25", type = "double" },
        { name = "soil_moisture_p75", type = "double" },
        { name = "times_watered", type = "int" },
      ]
      partition_keys    = ["year", "month", "day_of_month"]
      location_template = "daily_summary/year=$${year}/month=$${month}/day=$${day_of_month}/"
      # besides common_properties
      properties = {
        "projection.day_of_month.type"   = "integer"
        "projection.day_of_month.range"  = "1,31"
        "projection.day_of_month.digits" = "2"
      }
    }
  }
  dataset_root = "s3://${var.archive_bucket_name}/${var.archive_prefix}"
}

resource "aws_glue_catalog_table" "this" {
  for_each = local.tables

  name          = each.key
  database_name = aws_glue_catalog_database.this.name
  description   = each.value.description
  table_type    = "EXTERNAL_TABLE"

  parameters = merge(local.common_properties, each.value.properties, {
    "EXTERNAL"                  = "TRUE"
    "classification"            = "parquet"
    "storage.location.template" = "${local.dataset_root}/${each.value.location_template}"
  })

  storage_descriptor {
    location      = "${local.dataset_root}/${each.key}/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
      parameters            = { "serialization.format" = "1" }
    }

    dynamic "columns" {
      for_each = each.value.columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }

  dynamic "partition_keys" {
    for_each = each.value.partition_keys
    content {
      name = partition_keys.value
      type = "string"
    }
  }
}
