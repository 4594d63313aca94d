# What both deployments build, linked into each root as shared-main.tf: the AWS provider, the platform
# (buckets, database, stream, app settings, Athena, Firehose) and the alarms. The root's own main.tf adds
# the runtime that runs the app, and sets the locals read here:
# - deployment: the Deployment tag;
# - runtime: what the runtime needs of the platform (modules/platform, variable "runtime");
# - monitored: the runtime's resources the alarms watch (modules/monitoring: lambda, ecs, http_api_id).

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(var.tags, {
      Application = var.name
      Environment = var.environment
      Deployment  = local.deployment
      ManagedBy   = "terraform"
    })
  }
}

locals {
  prefix = "${var.name}-${var.environment}"
}

module "platform" {
  source = "../modules/platform"

  name               = local.prefix
  region             = var.aws_region
  vpc_id             = var.vpc_id
  subnet_ids         = var.private_subnet_ids
  archive_prefix     = var.archive_prefix
  log_retention_days = var.log_retention_days
  runtime            = local.runtime

  storage = {
    bucket_prefix                    = var.bucket_prefix
    archive_transition_days          = var.archive_transition_days
    archive_transition_storage_class = var.archive_transition_storage_class
    athena_results_expiration_days   = var.athena_results_expiration_days
    force_destroy                    = var.force_destroy_buckets
  }

  database = {
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

  kinesis = {
    stream_mode     = var.kinesis_stream_mode
    shard_count     = var.kinesis_shard_count
    retention_hours = var.kinesis_retention_hours
  }

  firehose = {
    enabled                    = var.firehose_enabled
    buffering_size_mb          = var.firehose_buffering_size_mb
    buffering_interval_seconds = var.firehose_buffering_interval_seconds
  }

  athena = {
    bytes_scanned_cutoff_per_query = var.athena_bytes_scanned_cutoff_per_query
    create_query_policy            = var.athena_create_query_policy
  }

  app = {
    plant_base_url           = var.plant_base_url
    db_connection_properties = var.db_connection_properties
    extra_environment        = var.extra_environment
  }
  events_api_keys = var.events_api_keys

  warehouse_databases = {
    source = var.warehouse_source
    target = var.warehouse_target
  }

  alerts = {
    email = coalesce(var.alert_email, var.alarm_email)
  }
}

module "monitoring" {
  source = "../modules/monitoring"

  name                      = local.prefix
  alarm_email               = var.alarm_email
  lambda                    = local.monitored.lambda
  ecs                       = local.monitored.ecs
  http_api_id               = local.monitored.http_api_id
  kinesis_stream_name       = module.platform.kinesis.stream_name
  rds_instance_id           = module.platform.database.instance_identifier
  iterator_age_threshold_ms = var.alarm_iterator_age_ms
  free_storage_threshold_gb = var.alarm_db_free_storage_gb
  cpu_threshold_percent     = var.alarm_cpu_percent
}
