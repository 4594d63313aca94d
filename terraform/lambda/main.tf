# Greenhouse as one AWS Lambda function: EventBridge schedules run the pipelines, an HTTP API takes
# POST /api/events. The database, buckets, stream and Athena tables are the same as the Fargate deployment's.

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(var.tags, {
      Application = var.name
      Environment = var.environment
      Deployment  = "lambda"
      ManagedBy   = "terraform"
    })
  }
}

locals {
  prefix = "${var.name}-${var.environment}"
  # Firehose takes over the events-deliver pipeline's job
  schedules = { for key, schedule in var.schedules : key => schedule if !(var.firehose_enabled && schedule.pipeline == "events-deliver") }
}

module "storage" {
  source = "../modules/storage"

  bucket_prefix                    = var.bucket_prefix
  raw_events_bucket_enabled        = var.firehose_enabled
  artifacts_bucket_enabled         = true
  archive_transition_days          = var.archive_transition_days
  archive_transition_storage_class = var.archive_transition_storage_class
  athena_results_expiration_days   = var.athena_results_expiration_days
  force_destroy                    = var.force_destroy_buckets
}

module "kinesis" {
  source = "../modules/kinesis"

  name            = "${local.prefix}-events"
  stream_mode     = var.kinesis_stream_mode
  shard_count     = var.kinesis_shard_count
  retention_hours = var.kinesis_retention_hours
}

module "database" {
  source = "../modules/database"

  name                     = local.prefix
  vpc_id                   = var.vpc_id
  subnet_ids               = var.private_subnet_ids
  engine                   = var.db_engine
  engine_version           = var.db_engine_version
  instance_class           = var.db_instance_class
  allocated_storage_gb     = var.db_allocated_storage_gb
  max_allocated_storage_gb = var.db_max_allocated_storage_gb
  multi_az                 = var.db_multi_az
  username                 = var.db_username
  password_version         = var.db_password_version
  database_name            = var.db_name
  backup_retention_days    = var.db_backup_retention_days
  deletion_protection      = var.db_deletion_protection
  skip_final_snapshot      = var.db_skip_final_snapshot
}

module "app_config" {
  source = "../modules/app-config"

  name                     = local.prefix
  region                   = var.aws_region
  db_address               = module.database.address
  db_port                  = module.database.port
  db_name                  = module.database.database_name
  db_username              = module.database.username
  db_connection_properties = var.db_connection_properties
  plant_base_url           = var.plant_base_url
  archive_bucket_name      = module.storage.archive_bucket_name
  archive_bucket_arn       = module.storage.archive_bucket_arn
  archive_prefix           = var.archive_prefix
  kinesis_stream_name      = module.kinesis.stream_name
  kinesis_stream_arn       = module.kinesis.stream_arn
  # EventBridge triggers every pipeline, events-deliver included
  internal_triggers       = false
  events_delivery_enabled = false
  events_api_keys         = var.events_api_keys
  extra_environment       = var.extra_environment
}

module "athena" {
  source = "../modules/athena"

  name                           = local.prefix
  database_name                  = replace(local.prefix, "-", "_")
  archive_bucket_name            = module.storage.archive_bucket_name
  archive_bucket_arn             = module.storage.archive_bucket_arn
  archive_prefix                 = var.archive_prefix
  results_bucket_name            = module.storage.athena_results_bucket_name
  results_bucket_arn             = module.storage.athena_results_bucket_arn
  bytes_scanned_cutoff_per_query = var.athena_bytes_scanned_cutoff_per_query
  create_query_policy            = var.athena_create_query_policy
}

module "firehose" {
  source = "../modules/firehose"
  count  = var.firehose_enabled ? 1 : 0

  name                       = "${local.prefix}-events"
  kinesis_stream_arn         = module.kinesis.stream_arn
  bucket_arn                 = module.storage.raw_events_bucket_arn
  buffering_size_mb          = var.firehose_buffering_size_mb
  buffering_interval_seconds = var.firehose_buffering_interval_seconds
  log_retention_days         = var.log_retention_days
}

# The app reads its database password only from GREENHOUSE_DB_PASSWORD, and a Lambda environment variable
# is plain configuration: reading the secret here puts the password into this root's state (README, "Secrets").
data "aws_secretsmanager_secret_version" "db" {
  secret_id  = module.database.secret_arn
  version_id = module.database.secret_version_id
}

locals {
  db_credentials = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)
}

module "lambda" {
  source = "../modules/lambda"

  name                 = local.prefix
  package_file         = var.lambda_package_file
  package_bucket       = module.storage.artifacts_bucket_name
  architecture         = var.lambda_architecture
  memory_mb            = var.lambda_memory_mb
  timeout_seconds      = var.lambda_timeout_seconds
  ephemeral_storage_mb = var.lambda_ephemeral_storage_mb
  reserved_concurrency = var.lambda_reserved_concurrency
  environment          = module.app_config.environment
  # plain environment variables, the only way the app reads them
  secret_environment = {
    GREENHOUSE_DB_PASSWORD     = local.db_credentials.password
    GREENHOUSE_EVENTS_API_KEYS = module.app_config.api_keys
  }
  subnet_ids         = var.private_subnet_ids
  security_group_ids = [module.database.client_security_group_id]
  app_policy_json    = module.app_config.app_policy_json
  log_retention_days = var.log_retention_days
}

module "schedules" {
  source = "../modules/schedules"

  name          = local.prefix
  function_name = module.lambda.function_name
  function_arn  = module.lambda.function_arn
  schedules     = local.schedules
}

module "api" {
  source = "../modules/api"

  name                   = local.prefix
  function_name          = module.lambda.function_name
  invoke_arn             = module.lambda.invoke_arn
  throttling_burst_limit = var.api_throttling_burst_limit
  throttling_rate_limit  = var.api_throttling_rate_limit
  log_retention_days     = var.log_retention_days
}

module "monitoring" {
  source = "../modules/monitoring"

  name        = local.prefix
  alarm_email = var.alarm_email
  lambda = {
    function_name   = module.lambda.function_name
    timeout_seconds = module.lambda.timeout_seconds
  }
  kinesis_stream_name       = module.kinesis.stream_name
  rds_instance_id           = module.database.instance_identifier
  http_api_id               = module.api.api_id
  iterator_age_threshold_ms = var.alarm_iterator_age_ms
  free_storage_threshold_gb = var.alarm_db_free_storage_gb
  cpu_threshold_percent     = var.alarm_cpu_percent
}
