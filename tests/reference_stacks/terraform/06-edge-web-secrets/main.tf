# Customer portal: a static single-page app on S3 behind CloudFront (ACM certificate and WAF in
# us-east-1), an HTTP API on Lambda under /api/*, and a partner API key in Secrets Manager
# rotated every 30 days by a function in this stack.

locals {
  name = "${var.project}-${var.environment}"
}
