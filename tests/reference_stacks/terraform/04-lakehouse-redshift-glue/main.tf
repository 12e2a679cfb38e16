# Lakehouse: raw/curated/scripts buckets, a Glue crawler and ETL job, a Redshift RA3 cluster in
# an isolated VPC, and a Step Functions pipeline started nightly by EventBridge.

locals {
  name  = "${var.project}-${var.environment}"
  zones = ["raw", "curated", "scripts"]
}
