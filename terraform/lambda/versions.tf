terraform {
  # write-only attributes and ephemeral resources keep the generated database password out of the state
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # Keep the state in an encrypted, access-controlled backend (README, "State"): for example an S3
  # backend "s3" {} block here, configured with terraform init -backend-config=backend.hcl.
}
