# Isolated VPC for the warehouse: no internet route at all. Redshift uses enhanced VPC routing,
# so COPY/UNLOAD traffic to S3 goes through the S3 gateway endpoint.

resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = local.name }
}

resource "aws_subnet" "warehouse" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.this.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index)
  tags              = { Name = "${local.name}-warehouse-${var.azs[count.index]}" }
}

resource "aws_route_table" "warehouse" {
  vpc_id = aws_vpc.this.id
  tags   = { Name = "${local.name}-warehouse" }
}

resource "aws_route_table_association" "warehouse" {
  count          = length(var.azs)
  subnet_id      = aws_subnet.warehouse[count.index].id
  route_table_id = aws_route_table.warehouse.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.warehouse.id]
}

resource "aws_security_group" "redshift" {
  name        = "${local.name}-redshift"
  description = "Redshift from the corporate network"
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_ingress_rule" "redshift_bi" {
  security_group_id = aws_security_group.redshift.id
  description       = "BI tools over Direct Connect"
  ip_protocol       = "tcp"
  from_port         = 5439
  to_port           = 5439
  cidr_ipv4         = var.bi_cidr
}

resource "aws_vpc_security_group_egress_rule" "redshift_s3" {
  security_group_id = aws_security_group.redshift.id
  description       = "S3 through the gateway endpoint"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = aws_vpc_endpoint.s3.prefix_list_id
}
