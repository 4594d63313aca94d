# The Glue tables of athena/*.sql (plant_reading, daily_summary, the events' processed zone), column for column and with the
# same partition projection (TerraformModulesTest compares them, so the two cannot drift). Partition
# projection computes partitions from the key layout the archive writes: no crawler, no MSCK REPAIR.

locals {
  # Every table: Parquet, projected partitions, and the same year and month keys.
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
    events_product = {
      description = "One row per product_viewed, product_added_to_cart or product_removed_from_cart event (EventFamilies.PRODUCT)"
      columns = [
        { name = "event_id", type = "string" },
        { name = "type", type = "string" },
        { name = "occurred_at", type = "timestamp" },
        { name = "received_at", type = "timestamp" },
        { name = "user_id", type = "bigint" },
        { name = "session_id", type = "string" },
        { name = "product_id", type = "bigint" },
        { name = "product_title", type = "string" },
        { name = "product_price", type = "double" },
        { name = "product_category", type = "string" },
        { name = "product_description", type = "string" },
        { name = "product_image", type = "string" },
        { name = "quantity", type = "int" },
      ]
      partition_keys    = ["year", "month", "day"]
      location_template = "events_product/year=$${year}/month=$${month}/day=$${day}/"
      # besides common_properties
      properties = {
        "projection.day.type"   = "integer"
        "projection.day.range"  = "1,31"
        "projection.day.digits" = "2"
      }
    }
    events_purchase = {
      description = "One row per purchase event, its cart's lines as JSON text (EventFamilies.PURCHASE)"
      columns = [
        { name = "event_id", type = "string" },
        { name = "type", type = "string" },
        { name = "occurred_at", type = "timestamp" },
        { name = "received_at", type = "timestamp" },
        { name = "user_id", type = "bigint" },
        { name = "session_id", type = "string" },
        { name = "cart_id", type = "bigint" },
        { name = "cart_user_id", type = "bigint" },
        { name = "cart_date", type = "timestamp" },
        { name = "product_count", type = "int" },
        { name = "quantity_total", type = "bigint" },
        { name = "cart_products", type = "string" },
      ]
      partition_keys    = ["year", "month", "day"]
      location_template = "events_purchase/year=$${year}/month=$${month}/day=$${day}/"
      # besides common_properties
      properties = {
        "projection.day.type"   = "integer"
        "projection.day.range"  = "1,31"
        "projection.day.digits" = "2"
      }
    }
    events_batch_users = {
      description = "One row per batch-extract item of /users, the item as JSON text (EventFamilies batch schema)"
      columns = [
        { name = "event_id", type = "string" },
        { name = "type", type = "string" },
        { name = "occurred_at", type = "timestamp" },
        { name = "received_at", type = "timestamp" },
        { name = "item_id", type = "bigint" },
        { name = "item", type = "string" },
      ]
      partition_keys    = ["year", "month", "day"]
      location_template = "events_batch_users/year=$${year}/month=$${month}/day=$${day}/"
      # besides common_properties
      properties = {
        "projection.day.type"   = "integer"
        "projection.day.range"  = "1,31"
        "projection.day.digits" = "2"
      }
    }
    events_batch_posts = {
      description = "One row per batch-extract item of /posts, the item as JSON text (EventFamilies batch schema)"
      columns = [
        { name = "event_id", type = "string" },
        { name = "type", type = "string" },
        { name = "occurred_at", type = "timestamp" },
        { name = "received_at", type = "timestamp" },
        { name = "item_id", type = "bigint" },
        { name = "item", type = "string" },
      ]
      partition_keys    = ["year", "month", "day"]
      location_template = "events_batch_posts/year=$${year}/month=$${month}/day=$${day}/"
      # besides common_properties
      properties = {
        "projection.day.type"   = "integer"
        "projection.day.range"  = "1,31"
        "projection.day.digits" = "2"
      }
    }
    events_batch_comments = {
      description = "One row per batch-extract item of /comments, the item as JSON text (EventFamilies batch schema)"
      columns = [
        { name = "event_id", type = "string" },
        { name = "type", type = "string" },
        { name = "occurred_at", type = "timestamp" },
        { name = "received_at", type = "timestamp" },
        { name = "item_id", type = "bigint" },
        { name = "item", type = "string" },
      ]
      partition_keys    = ["year", "month", "day"]
      location_template = "events_batch_comments/year=$${year}/month=$${month}/day=$${day}/"
      # besides common_properties
      properties = {
        "projection.day.type"   = "integer"
        "projection.day.range"  = "1,31"
        "projection.day.digits" = "2"
      }
    }
    events_reject = {
      description = "One row per raw event line no family takes, with the reason (EventFamilies.REJECT)"
      columns = [
        { name = "raw_key", type = "string" },
        { name = "line", type = "bigint" },
        { name = "reason", type = "string" },
        { name = "raw_line", type = "string" },
      ]
      partition_keys    = ["year", "month", "day"]
      location_template = "events_reject/year=$${year}/month=$${month}/day=$${day}/"
      # besides common_properties
      properties = {
        "projection.day.type"   = "integer"
        "projection.day.range"  = "1,31"
        "projection.day.digits" = "2"
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
