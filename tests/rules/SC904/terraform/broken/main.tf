variable "db_password" {
  type      = string
  sensitive = true
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
  skip_final_snapshot = true
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared-dev"
}

resource "aws_kinesis_stream" "events" {
  name = "events-dev"
  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}
