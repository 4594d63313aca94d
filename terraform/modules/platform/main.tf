# What the Lambda and the Fargate deployment share: the buckets, the stream, the database, the pipeline
# alerts topic, the app's settings and policy, the Athena tables and, optionally, Firehose. The runtime that
# runs the app is the root's: var.runtime says the little the platform does differently for it.

module "storage" {
  source = "../storage"

  bucket_prefix                    = var.storage.bucket_prefix
  raw_events_bucket_enabled        = var.firehose.enabled
  artifacts_bucket_enabled         = var.runtime.artifacts_bucket_enabled
  archive_transition_days          = var.storage.archive_transition_days
  archive_transition_storage_class = var.storage.archive_transition_storage_class
  athena_results_expiration_days   = var.storage.athena_results_expiration_days
  force_destroy                    = var.storage.force_destroy
}

module "kinesis" {
  source = "../kinesis"

  name            = "${var.name}-events"
  stream_mode     = var.kinesis.stream_mode
  shard_count     = var.kinesis.shard_count
  retention_hours = var.kinesis.retention_hours
}

module "database" {
  source = "../database"

  name                     = var.name
  vpc_id                   = var.vpc_id
  subnet_ids               = var.subnet_ids
  engine                   = var.database.engine
  engine_version           = var.database.engine_version
  instance_class           = var.database.instance_class
  allocated_storage_gb     = var.database.allocated_storage_gb
  max_allocated_storage_gb = var.database.max_allocated_storage_gb
  multi_az                 = var.database.multi_az
  username                 = var.database.username
  password_version         = var.database.password_version
  database_name            = var.database.database_name
  backup_retention_days    = var.database.backup_retention_days
  deletion_protection      = var.database.deletion_protection
  skip_final_snapshot      = var.database.skip_final_snapshot
}

module "alerts" {
  source = "../alerts"

  name  = var.name
  email = var.alerts.email
}

module "app_config" {
  source = "../app-config"

  name                     = var.name
  region                   = var.region
  db_address               = module.database.address
  db_port                  = module.database.port
  db_name                  = module.database.database_name
  db_username              = module.database.username
  db_connection_properties = var.app.db_connection_properties
  plant_base_url           = var.app.plant_base_url
  archive_bucket_name      = module.storage.archive_bucket_name
  archive_bucket_arn       = module.storage.archive_bucket_arn
  archive_prefix           = var.archive_prefix
  kinesis_stream_name      = module.kinesis.stream_name
  kinesis_stream_arn       = module.kinesis.stream_arn
  alerts_topic_arn         = module.alerts.topic_arn
  # the warehouse's zones and databases
  warehouse_ingestion_bucket_name = module.storage.warehouse_ingestion_bucket_name
  warehouse_ingestion_bucket_arn  = module.storage.warehouse_ingestion_bucket_arn
  warehouse_processed_bucket_name = module.storage.warehouse_processed_bucket_name
  warehouse_processed_bucket_arn  = module.storage.warehouse_processed_bucket_arn
  warehouse_databases             = var.warehouse_databases
  internal_triggers               = var.runtime.internal_triggers
  events_delivery_enabled         = var.runtime.events_delivery_enabled
  events_api_keys                 = var.events_api_keys
  extra_environment               = var.app.extra_environment
}

module "athena" {
  source = "../athena"

  name                           = var.name
  database_name                  = replace(var.name, "-", "_")
  archive_bucket_name            = module.storage.archive_bucket_name
  archive_bucket_arn             = module.storage.archive_bucket_arn
  archive_prefix                 = var.archive_prefix
  results_bucket_name            = module.storage.athena_results_bucket_name
  results_bucket_arn             = module.storage.athena_results_bucket_arn
  bytes_scanned_cutoff_per_query = var.athena.bytes_scanned_cutoff_per_query
  create_query_policy            = var.athena.create_query_policy
}

module "firehose" {
  source = "../firehose"
  count  = var.firehose.enabled ? 1 : 0

  name                       = "${var.name}-events"
  kinesis_stream_arn         = module.kinesis.stream_arn
  bucket_arn                 = module.storage.raw_events_bucket_arn
  buffering_size_mb          = var.firehose.buffering_size_mb
  buffering_interval_seconds = var.firehose.buffering_interval_seconds
  log_retention_days         = var.log_retention_days
}
