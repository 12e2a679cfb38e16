variable "project" {
  type    = string
  default = "orders"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

variable "vpc_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

variable "certificate_arn" {
  description = "ACM certificate (same region) for the public HTTPS listener."
  type        = string
  default     = "arn:aws:acm:eu-west-1:111122223333:certificate/4f1e7c2a-2b1d-4c47-9a5e-0f0e7d5b8a11"
}

variable "container_image" {
  description = "Immutable image reference pushed by CI to the shared ECR registry."
  type        = string
  default     = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders-api@sha256:3b9f4c1d2e8a7f6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b"
}

variable "alarm_email" {
  type    = string
  default = "platform-oncall@example.com"
}
