# Greenhouse as an ECS service on Fargate: the app's own timers run the pipelines (one task leads each,
# through leases in the database), port 8080 serves POST /api/events. The database, buckets, stream and
# Athena tables are the same as the Lambda deployment's.

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(var.tags, {
      Application = var.name
      Environment = var.environment
      Deployment  = "fargate"
      ManagedBy   = "terraform"
    })
  }
}

locals {
  prefix = "${var.name}-${var.environment}"
}

module "storage" {
  source = "../modules/storage"

  bucket_prefix                    = var.bucket_prefix
  raw_events_bucket_enabled        = var.firehose_enabled
  artifacts_bucket_enabled         = false
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
  # the app's own timers and crons; its stream delivery unless Firehose does that job
  internal_triggers       = true
  events_delivery_enabled = !var.firehose_enabled
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

module "ecr" {
  source = "../modules/ecr"

  name        = local.prefix
  keep_images = var.ecr_keep_images
}

module "fargate" {
  source = "../modules/fargate"

  name                       = local.prefix
  region                     = var.aws_region
  vpc_id                     = var.vpc_id
  subnet_ids                 = var.private_subnet_ids
  security_group_ids         = [module.database.client_security_group_id]
  ingress_cidr_blocks        = var.ingress_cidr_blocks
  ingress_security_group_ids = var.ingress_security_group_ids
  target_group_arn           = var.target_group_arn
  image                      = "${module.ecr.repository_url}:${var.image_tag}"
  ecr_repository_arn         = module.ecr.repository_arn
  cpu                        = var.task_cpu
  memory_mb                  = var.task_memory_mb
  cpu_architecture           = var.task_cpu_architecture
  desired_count              = var.desired_count
  environment = merge(module.app_config.environment, {
    JAVA_OPTS_APPEND = "-XX:MaxRAMPercentage=75"
  })
  # ECS reads these from Secrets Manager when a task starts: the task definition holds only their ARNs
  secrets = {
    GREENHOUSE_DB_PASSWORD     = "${module.database.secret_arn}:password::"
    GREENHOUSE_EVENTS_API_KEYS = "${module.app_config.api_keys_secret_arn}:api_keys::"
  }
  secret_arns              = [module.database.secret_arn, module.app_config.api_keys_secret_arn]
  app_policy_json          = module.app_config.app_policy_json
  health_check_enabled     = var.health_check_enabled
  readonly_root_filesystem = var.readonly_root_filesystem
  log_retention_days       = var.log_retention_days
}

module "monitoring" {
  source = "../modules/monitoring"

  name        = local.prefix
  alarm_email = var.alarm_email
  ecs = {
    cluster_name  = module.fargate.cluster_name
    service_name  = module.fargate.service_name
    desired_count = module.fargate.desired_count
  }
  kinesis_stream_name       = module.kinesis.stream_name
  rds_instance_id           = module.database.instance_identifier
  iterator_age_threshold_ms = var.alarm_iterator_age_ms
  free_storage_threshold_gb = var.alarm_db_free_storage_gb
  cpu_threshold_percent     = var.alarm_cpu_percent
}
