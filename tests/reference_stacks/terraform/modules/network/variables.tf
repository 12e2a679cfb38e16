variable "name" {
  description = "Name prefix for every network resource."
  type        = string
}

variable "region" {
  description = "Region the VPC lives in (used for endpoint service names)."
  type        = string
}

variable "cidr" {
  description = "VPC CIDR block; split into /20s (public 0-3, private 4-7, data 8-11)."
  type        = string
}

variable "azs" {
  description = "Availability zones, two or three."
  type        = list(string)

  validation {
    condition     = length(var.azs) >= 2 && length(var.azs) <= 3
    error_message = "Use two or three availability zones."
  }
}

variable "interface_endpoints" {
  description = "AWS services reached through interface endpoints."
  type        = list(string)
  default     = []
}
