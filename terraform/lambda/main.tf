# Greenhouse as one AWS Lambda function: EventBridge schedules run the pipelines, an HTTP API takes
# POST /api/events. The database, buckets, stream and Athena tables are the Fargate deployment's too:
# shared-main.tf (a link to ../shared/main.tf) sets them up through modules/platform.

locals {
  # read by shared-main.tf
  deployment = "lambda"
  runtime = {
    # the function package goes to S3 first
    artifacts_bucket_enabled = true
    # EventBridge triggers every pipeline, events-deliver included
    internal_triggers       = false
    events_delivery_enabled = false
  }

  # Firehose takes over the events-deliver pipeline's job
  schedules = { for key, schedule in var.schedules : key => schedule if !(var.firehose_enabled && schedule.pipeline == "events-deliver") }
}

# The app reads its database password only from GREENHOUSE_DB_PASSWORD, and a Lambda environment variable
# is plain configuration: reading the secret here puts the password into this root's state (README, "Secrets").
data "aws_secretsmanager_secret_version" "db" {
  secret_id  = module.platform.database.secret_arn
  version_id = module.platform.database.secret_version_id
}

locals {
  db_credentials = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)
}

module "lambda" {
  source = "../modules/lambda"

  name                 = local.prefix
  package_file         = var.lambda_package_file
  package_bucket       = module.platform.storage.artifacts_bucket_name
  architecture         = var.lambda_architecture
  memory_mb            = var.lambda_memory_mb
  timeout_seconds      = var.lambda_timeout_seconds
  ephemeral_storage_mb = var.lambda_ephemeral_storage_mb
  snap_start           = var.lambda_snap_start
  reserved_concurrency = var.lambda_reserved_concurrency
  # a frozen function sends nothing: each invocation waits for the alert of its run's end
  # and a function has no console to serve: no Jolokia agent (docs/hawtio.md)
  environment = merge(module.platform.app_config.environment, {
    GREENHOUSE_ALERTS_HAND_OFF_TIMEOUT = "10s"
    # EventBridge runs ingest, the zones' notifications process and load (module zone_notifications)
    GREENHOUSE_WAREHOUSE_CHAIN            = "false"
    GREENHOUSE_WAREHOUSE_SCHEDULE_ENABLED = "false"
    GREENHOUSE_JOLOKIA_ENABLED            = "false"
  })
  # plain environment variables, the only way the app reads them
  secret_environment = {
    GREENHOUSE_DB_PASSWORD     = local.db_credentials.password
    GREENHOUSE_EVENTS_API_KEYS = module.platform.app_config.api_keys
    # kept in Secrets Manager too (module.platform.app_config.warehouse_secret_arns)
    GREENHOUSE_WAREHOUSE_SOURCE_PASSWORD = module.platform.app_config.warehouse_passwords.source
    GREENHOUSE_WAREHOUSE_TARGET_PASSWORD = module.platform.app_config.warehouse_passwords.target
  }
  subnet_ids         = var.private_subnet_ids
  security_group_ids = [module.platform.database.client_security_group_id]
  app_policy_json    = module.platform.app_config.app_policy_json
  log_retention_days = var.log_retention_days
}

module "schedules" {
  source = "../modules/schedules"

  name          = local.prefix
  function_name = module.lambda.function_name
  qualifier     = module.lambda.qualifier
  function_arn  = module.lambda.function_arn
  schedules     = local.schedules
}

module "zone_notifications" {
  source = "../modules/zone-notifications"

  function_name         = module.lambda.function_name
  qualifier             = module.lambda.qualifier
  function_arn          = module.lambda.function_arn
  ingestion_bucket_name = module.platform.storage.warehouse_ingestion_bucket_name
  ingestion_bucket_arn  = module.platform.storage.warehouse_ingestion_bucket_arn
  ingestion_prefix      = module.platform.app_config.warehouse_prefixes.ingestion
  processed_bucket_name = module.platform.storage.warehouse_processed_bucket_name
  processed_bucket_arn  = module.platform.storage.warehouse_processed_bucket_arn
  processed_prefix      = module.platform.app_config.warehouse_prefixes.processed
}

module "api" {
  source = "../modules/api"

  name                   = local.prefix
  function_name          = module.lambda.function_name
  qualifier              = module.lambda.qualifier
  invoke_arn             = module.lambda.invoke_arn
  throttling_burst_limit = var.api_throttling_burst_limit
  throttling_rate_limit  = var.api_throttling_rate_limit
  log_retention_days     = var.log_retention_days
}

# read by shared-main.tf: what the alarms watch besides the stream and the database
locals {
  monitored = {
    lambda = {
      function_name   = module.lambda.function_name
      timeout_seconds = module.lambda.timeout_seconds
    }
    ecs         = null
    http_api_id = module.api.api_id
  }
}
