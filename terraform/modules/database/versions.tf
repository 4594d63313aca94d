terraform {
  # write-only attributes (password_wo, secret_string_wo) and ephemeral resources
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}
