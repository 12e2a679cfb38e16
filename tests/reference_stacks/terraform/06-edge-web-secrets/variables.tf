variable "project" {
  type    = string
  default = "portal"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "region" {
  type    = string
  default = "eu-west-2"
}

variable "domain_name" {
  type    = string
  default = "portal.example.com"
}

variable "hosted_zone_id" {
  description = "Existing public hosted zone for example.com."
  type        = string
  default     = "Z0123456789ABCDEFGHIJ"
}

variable "artifact_bucket" {
  type    = string
  default = "portal-build-artifacts-eu-west-2"
}
