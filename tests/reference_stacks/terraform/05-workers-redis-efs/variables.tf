variable "project" {
  type    = string
  default = "render"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "region" {
  type    = string
  default = "ap-southeast-2"
}

variable "azs" {
  type    = list(string)
  default = ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"]
}

variable "vpc_cidr" {
  type    = string
  default = "10.80.0.0/16"
}

variable "worker_image_tag" {
  description = "Tag CI pushes to the worker repository (tags are immutable)."
  type        = string
  default     = "4.2.0"
}
