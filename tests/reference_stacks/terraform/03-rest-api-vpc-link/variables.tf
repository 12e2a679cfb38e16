variable "project" {
  type    = string
  default = "catalog"
}

variable "environment" {
  type    = string
  default = "staging"
}

variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "azs" {
  type    = list(string)
  default = ["eu-central-1a", "eu-central-1b"]
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}

variable "container_image" {
  type    = string
  default = "111122223333.dkr.ecr.eu-central-1.amazonaws.com/catalog-service:1.14.2"
}

variable "artifact_bucket" {
  type    = string
  default = "catalog-build-artifacts-eu-central-1"
}
