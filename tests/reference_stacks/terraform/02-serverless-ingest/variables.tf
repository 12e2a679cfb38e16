variable "project" {
  type    = string
  default = "telemetry"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "region" {
  type    = string
  default = "us-east-2"
}

variable "artifact_bucket" {
  description = "Bucket holding the Lambda deployment packages (written by CI)."
  type        = string
  default     = "telemetry-build-artifacts-us-east-2"
}

variable "artifact_version" {
  type    = string
  default = "2026.11.20-1"
}
