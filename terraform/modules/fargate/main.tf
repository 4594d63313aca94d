# The app as an ECS service on Fargate: its own timers run (leader election through the database picks one
# task per pipeline), port 8080 serves POST /api/events and /q/health.

locals {
  container_name = "greenhouse"
  port           = 8080
  # Fargate's valid memory sizes per cpu
  memory_range = {
    "256"  = [512, 2048]
    "512"  = [1024, 4096]
    "1024" = [2048, 8192]
    "2048" = [4096, 16384]
    "4096" = [8192, 30720]
  }
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Execution role: what ECS needs to start a task (pull the image, write logs, read the secrets)
resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  description        = "ECS starts ${var.name} tasks with this role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PullImage"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = [var.ecr_repository_arn]
  }

  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  dynamic "statement" {
    for_each = length(var.secret_arns) > 0 ? [var.secret_arns] : []
    content {
      sid       = "ReadSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = statement.value
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# Task role: what the app itself may do
resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  description        = "The ${var.name} app runs with this role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "task" {
  name   = "app"
  role   = aws_iam_role.task.id
  policy = var.app_policy_json
}

# ECS Exec's channel (Session Manager), only where it is on: a port forward to a task's loopback, for Hawtio
resource "aws_iam_role_policy" "exec" {
  count = var.exec_enabled ? 1 : 0
  name  = "ecs-exec"
  role  = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ]
      Resource = "*"
    }]
  })
}

resource "aws_security_group" "task" {
  name        = "${var.name}-task"
  description = "The ${var.name} tasks: port 8080 from the listed sources"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "task_all" {
  security_group_id = aws_security_group.task.id
  description       = "the app's outbound calls"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "from_cidr" {
  for_each = toset(var.ingress_cidr_blocks)

  security_group_id = aws_security_group.task.id
  description       = "the app's HTTP port"
  ip_protocol       = "tcp"
  from_port         = local.port
  to_port           = local.port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "from_group" {
  for_each = toset(var.ingress_security_group_ids)

  security_group_id            = aws_security_group.task.id
  description                  = "the app's HTTP port"
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  referenced_security_group_id = each.value
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory_mb
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  ephemeral_storage {
    size_in_gib = var.ephemeral_storage_gib
  }

  # task storage for the work files (GREENHOUSE_ARCHIVE_WORK_DIR=/tmp) under a read-only root
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([{
    name                   = local.container_name
    image                  = var.image
    essential              = true
    readonlyRootFilesystem = var.readonly_root_filesystem
    portMappings           = [{ containerPort = local.port, protocol = "tcp", name = "http" }]
    environment            = [for key in sort(keys(var.environment)) : { name = key, value = var.environment[key] }]
    secrets                = [for key in sort(keys(var.secrets)) : { name = key, valueFrom = var.secrets[key] }]
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    # needs curl in the image; the startPeriod covers Flyway and the first start
    healthCheck = var.health_check_enabled ? {
      command     = ["CMD-SHELL", "curl -fs http://localhost:${local.port}/q/health/ready || exit 1"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 120
    } : null
    # a stopped task hands its leases over, ends a running cycle and closes the pool in this time
    stopTimeout     = 60
    linuxParameters = { initProcessEnabled = true }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "app"
      }
    }
  }])

  lifecycle {
    precondition {
      condition     = var.memory_mb >= local.memory_range[var.cpu][0] && var.memory_mb <= local.memory_range[var.cpu][1] && (var.memory_mb == 512 || var.memory_mb % 1024 == 0)
      error_message = "memory_mb is not a size Fargate offers with this cpu (256: 512-2048, 512: 1024-4096, 1024: 2048-8192, 2048: 4096-16384, 4096: 8192-30720 in GiB steps)."
    }
  }
}

resource "aws_ecs_service" "this" {
  name                   = var.name
  cluster                = aws_ecs_cluster.this.id
  task_definition        = aws_ecs_task_definition.this.arn
  desired_count          = var.desired_count
  launch_type            = "FARGATE"
  platform_version       = "LATEST"
  propagate_tags         = "SERVICE"
  enable_execute_command = var.exec_enabled

  # a new task starts before an old one stops; leader leases hand the pipelines over
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = concat([aws_security_group.task.id], var.security_group_ids)
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = var.target_group_arn == null ? [] : [var.target_group_arn]
    content {
      target_group_arn = load_balancer.value
      container_name   = local.container_name
      container_port   = local.port
    }
  }

  depends_on = [aws_iam_role_policy.execution]
}
