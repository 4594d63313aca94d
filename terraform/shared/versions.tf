# Terraform and provider versions of both deployments, linked into each root as shared-versions.tf.
# A root's state backend goes into a file of its own there, backend.tf (its README, "State").

terraform {
  # write-only attributes and ephemeral resources keep the generated database password out of the state
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}
