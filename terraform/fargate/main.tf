# Greenhouse as an ECS service on Fargate: the app's own timers run the pipelines (one task leads each,
# through leases in the database), port 8080 serves POST /api/events. The database, buckets, stream and
# Athena tables are the Lambda deployment's too: shared-main.tf (a link to ../shared/main.tf) sets them up
# through modules/platform.

locals {
  # read by shared-main.tf
  deployment = "fargate"
  runtime = {
    # the image goes to ECR
    artifacts_bucket_enabled = false
    # the app's own timers and crons; its stream delivery unless Firehose does that job
    internal_triggers       = true
    events_delivery_enabled = !var.firehose_enabled
  }
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
  security_group_ids         = [module.platform.database.client_security_group_id]
  ingress_cidr_blocks        = var.ingress_cidr_blocks
  ingress_security_group_ids = var.ingress_security_group_ids
  target_group_arn           = var.target_group_arn
  image                      = "${module.ecr.repository_url}:${var.image_tag}"
  ecr_repository_arn         = module.ecr.repository_arn
  cpu                        = var.task_cpu
  memory_mb                  = var.task_memory_mb
  cpu_architecture           = var.task_cpu_architecture
  desired_count              = var.desired_count
  environment = merge(module.platform.app_config.environment, {
    JAVA_OPTS_APPEND = "-XX:MaxRAMPercentage=75"
  })
  # ECS reads these from Secrets Manager when a task starts: the task definition holds only their ARNs
  secrets = {
    GREENHOUSE_DB_PASSWORD     = "${module.platform.database.secret_arn}:password::"
    GREENHOUSE_EVENTS_API_KEYS = "${module.platform.app_config.api_keys_secret_arn}:api_keys::"
    # the warehouse: process and load follow ingest in the task (GREENHOUSE_WAREHOUSE_CHAIN's default)
    GREENHOUSE_WAREHOUSE_SOURCE_PASSWORD = "${module.platform.app_config.warehouse_secret_arns.source}:password::"
    GREENHOUSE_WAREHOUSE_TARGET_PASSWORD = "${module.platform.app_config.warehouse_secret_arns.target}:password::"
  }
  secret_arns = concat(
    [module.platform.database.secret_arn, module.platform.app_config.api_keys_secret_arn],
    values(module.platform.app_config.warehouse_secret_arns),
  )
  app_policy_json          = module.platform.app_config.app_policy_json
  health_check_enabled     = var.health_check_enabled
  readonly_root_filesystem = var.readonly_root_filesystem
  log_retention_days       = var.log_retention_days
  exec_enabled             = var.ecs_exec_enabled
}

# read by shared-main.tf: what the alarms watch besides the stream and the database
locals {
  monitored = {
    lambda = null
    ecs = {
      cluster_name  = module.fargate.cluster_name
      service_name  = module.fargate.service_name
      desired_count = module.fargate.desired_count
    }
    http_api_id = null
  }
}
