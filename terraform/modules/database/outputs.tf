output "address" {
  description = "Host name of the database."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the database."
  value       = aws_db_instance.this.port
}

output "endpoint" {
  description = "host:port of the database."
  value       = "${aws_db_instance.this.address}:${aws_db_instance.this.port}"
}

output "instance_identifier" {
  description = "RDS instance identifier (CloudWatch dimension DBInstanceIdentifier)."
  value       = aws_db_instance.this.identifier
}

output "database_name" {
  description = "The app's database inside the instance."
  value       = var.database_name
}

output "username" {
  description = "Master user name."
  value       = var.username
}

output "secret_arn" {
  description = "ARN of the Secrets Manager secret with the credentials (JSON keys engine, host, port, dbname, username, password)."
  value       = aws_secretsmanager_secret.credentials.arn
}

output "secret_version_id" {
  description = "Version of the credentials secret the instance's password is in (changes with password_version)."
  value       = aws_secretsmanager_secret_version.credentials.version_id
}

output "client_security_group_id" {
  description = "Security group whose members may connect to the database: attach it to the app."
  value       = aws_security_group.client.id
}

output "db_security_group_id" {
  description = "Security group of the database instance."
  value       = aws_security_group.db.id
}
