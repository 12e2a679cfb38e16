variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_kms_key" "data" {
  description         = "data at rest"
  enable_key_rotation = true
}

resource "aws_db_instance" "orders" {
  identifier          = "orders-dev"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  multi_az            = true
  storage_encrypted   = true
  kms_key_id          = aws_kms_key.data.arn
  skip_final_snapshot = true
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared-dev"
  encrypted      = true
  kms_key_id     = aws_kms_key.data.arn
}

resource "aws_kinesis_stream" "events" {
  name            = "events-dev"
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.data.id
  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}
