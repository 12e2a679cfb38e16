variable "aws_region" {
  description = "AWS region to deploy the data platform into."
  type        = string
  default     = "us-east-1"
}

variable "environment_suffix" {
  description = "Suffix appended to every resource name so several environments can share an account."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z0-9-]{2,12}$", var.environment_suffix))
    error_message = "environment_suffix must be 2-12 characters of lower-case letters, digits and hyphens."
  }
}

variable "project" {
  description = "Project name, used for tagging and for naming the image repository."
  type        = string
  default     = "DataPlatform"
}

variable "vpc_cidr" {
  description = "CIDR block of the platform VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "raw_transition_days" {
  description = "Days before raw objects move to STANDARD_IA."
  type        = number
  default     = 30
}

variable "raw_glacier_days" {
  description = "Days before raw objects move to GLACIER."
  type        = number
  default     = 90
}

variable "raw_expiration_days" {
  description = "Days before raw objects are deleted."
  type        = number
  default     = 365
}

variable "db_master_username" {
  description = "Master user name of the Aurora cluster."
  type        = string
  default     = "dbadmin"
}

variable "db_name" {
  description = "Initial database created in the Aurora cluster."
  type        = string
  default     = "platform"
}

variable "aurora_engine_version" {
  description = "Aurora PostgreSQL engine version."
  type        = string
  default     = "15.8"
}

variable "db_instance_class" {
  description = "Instance class of the Aurora writer."
  type        = string
  default     = "db.r6g.large"
}

variable "redis_node_type" {
  description = "Node type of the Redis replication group."
  type        = string
  default     = "cache.t4g.small"
}

variable "redis_engine_version" {
  description = "Redis engine version."
  type        = string
  default     = "7.1"
}

variable "container_port" {
  description = "Port the processor container listens on."
  type        = number
  default     = 8080
}

variable "image_tag" {
  description = "Tag of the processor image in ECR."
  type        = string
  default     = "1.0.0"
}

variable "task_cpu" {
  description = "Fargate task CPU units."
  type        = number
  default     = 512
}

variable "task_memory" {
  description = "Fargate task memory (MiB)."
  type        = number
  default     = 1024
}

variable "desired_count" {
  description = "Number of processor tasks to start with. The repository is created empty, so keep 0 until the pipeline has pushed the first image; scaling is managed outside Terraform afterwards."
  type        = number
  default     = 0
}

variable "log_retention_days" {
  description = "Retention of the processor log group."
  type        = number
  default     = 30
}
