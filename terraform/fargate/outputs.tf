# The Fargate deployment's own outputs; those both deployments give are in shared-outputs.tf.

output "ecr_repository_url" {
  description = "Push the app image here: docker push <url>:<image_tag>."
  value       = module.ecr.repository_url
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = module.fargate.cluster_name
}

output "service_name" {
  description = "Name of the ECS service."
  value       = module.fargate.service_name
}

output "container_log_group" {
  description = "CloudWatch log group of the containers."
  value       = module.fargate.log_group_name
}

output "task_security_group_id" {
  description = "Security group of the tasks (allow it in a load balancer's or a caller's rules)."
  value       = module.fargate.task_security_group_id
}
