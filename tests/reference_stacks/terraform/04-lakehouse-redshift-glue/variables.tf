variable "project" {
  type    = string
  default = "lakehouse"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "region" {
  type    = string
  default = "us-west-2"
}

variable "azs" {
  type    = list(string)
  default = ["us-west-2a", "us-west-2b"]
}

variable "vpc_cidr" {
  type    = string
  default = "10.60.0.0/20"
}

variable "bi_cidr" {
  description = "Corporate range (over Direct Connect) allowed to query the warehouse."
  type        = string
  default     = "172.16.0.0/16"
}

variable "alarm_email" {
  type    = string
  default = "data-eng@example.com"
}
