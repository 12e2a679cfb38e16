variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "reporting" {
  identifier          = "reporting-dev"
  engine              = "mysql"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 20
  username            = "reporting"
  password            = var.db_password
  storage_encrypted   = true
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier  = "orders-dev"
  engine              = "aurora-postgresql"
  master_username     = "orders"
  master_password     = var.db_password
  storage_encrypted   = true
  skip_final_snapshot = true
}

resource "aws_rds_cluster_instance" "orders" {
  identifier         = "orders-dev-1"
  cluster_identifier = aws_rds_cluster.orders.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.orders.engine
}
