#!/usr/bin/env python3
"""Write a large repository for the scale check of issue 9: 5,000 files, 50,000 resources.

    python tools/large_repo.py /tmp/large-repo            # 2,000 Terraform dirs + 1,000 templates
    /usr/bin/time -v stackcheck scan /tmp/large-repo --format json > /dev/null

Terraform: 2,000 service directories, each a main.tf (10 resources) and a variables.tf; CloudFormation:
1,000 templates of 30 resources. The resources are the everyday pieces of a data platform (queues,
buckets, keys, log groups, roles, functions, security groups), wired by references, and valid.
"""

from __future__ import annotations

import os
import sys

TF_DIRS, TF_RESOURCES = 2_000, 10
CFN_FILES, CFN_RESOURCES = 1_000, 30

VARIABLES = '''variable "environment_suffix" {
  type    = string
  default = "dev"
}

variable "vpc_id" {
  type    = string
  default = "vpc-0123456789abcdef0"
}
'''


def terraform_service(i: int) -> str:
    n = f"svc{i:04d}"
    return f'''resource "aws_kms_key" "data" {{
  description         = "{n} data"
  enable_key_rotation = true
}}

resource "aws_sqs_queue" "dlq" {{
  name              = "{n}-dlq-${{var.environment_suffix}}"
  kms_master_key_id = aws_kms_key.data.arn
}}

resource "aws_sqs_queue" "jobs" {{
  name                       = "{n}-jobs-${{var.environment_suffix}}"
  visibility_timeout_seconds = 120
  kms_master_key_id          = aws_kms_key.data.arn
  redrive_policy = jsonencode({{
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 5
  }})
}}

resource "aws_s3_bucket" "artifacts" {{
  bucket = "{n}-artifacts-${{var.environment_suffix}}"
}}

resource "aws_s3_bucket_public_access_block" "artifacts" {{
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}

resource "aws_cloudwatch_log_group" "worker" {{
  name              = "/aws/lambda/{n}-worker-${{var.environment_suffix}}"
  retention_in_days = 30
}}

resource "aws_iam_role" "worker" {{
  name = "{n}-worker-${{var.environment_suffix}}"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "lambda.amazonaws.com" }}
      Action    = "sts:AssumeRole"
    }}]
  }})
}}

resource "aws_lambda_function" "worker" {{
  function_name = "{n}-worker-${{var.environment_suffix}}"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "worker.zip"
  timeout       = 60
  depends_on    = [aws_cloudwatch_log_group.worker]
}}

resource "aws_lambda_event_source_mapping" "jobs" {{
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
  batch_size       = 10
}}

resource "aws_security_group" "worker" {{
  name        = "{n}-worker-${{var.environment_suffix}}"
  description = "{n} worker"
  vpc_id      = var.vpc_id
  egress {{
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }}
}}
'''


def cloudformation_template(i: int) -> str:
    out = ['AWSTemplateFormatVersion: "2010-09-09"', "Parameters:", "  EnvironmentSuffix:", "    Type: String",
           "    Default: dev", "Resources:", "  DataKey:", "    Type: AWS::KMS::Key", "    Properties:",
           "      EnableKeyRotation: true"]
    for k in range(CFN_RESOURCES - 1):  # the key is the first
        j = k // 3
        if k % 3 == 0:
            out += [f"  Queue{j}:", "    Type: AWS::SQS::Queue", "    Properties:",
                    f"      QueueName: !Sub stack{i:04d}-queue{j}-${{EnvironmentSuffix}}",
                    "      KmsMasterKeyId: !Ref DataKey", "      VisibilityTimeout: 60"]
        elif k % 3 == 1:
            out += [f"  Logs{j}:", "    Type: AWS::Logs::LogGroup", "    Properties:",
                    f"      LogGroupName: !Sub /stack{i:04d}/app{j}-${{EnvironmentSuffix}}", "      RetentionInDays: 30"]
        else:
            out += [f"  Topic{j}:", "    Type: AWS::SNS::Topic", "    Properties:",
                    f"      TopicName: !Sub stack{i:04d}-topic{j}-${{EnvironmentSuffix}}",
                    "      KmsMasterKeyId: !Ref DataKey"]
    out += ["Outputs:", "  KeyArn:", "    Value: !GetAtt DataKey.Arn"]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    root = argv[1] if len(argv) > 1 else "/tmp/large-repo"
    for i in range(TF_DIRS):
        d = os.path.join(root, "terraform", f"svc{i:04d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "main.tf"), "w") as fh:
            fh.write(terraform_service(i))
        with open(os.path.join(d, "variables.tf"), "w") as fh:
            fh.write(VARIABLES)
    for i in range(CFN_FILES):
        d = os.path.join(root, "cloudformation", f"group{i // 100:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"stack{i:04d}.yaml"), "w") as fh:
            fh.write(cloudformation_template(i))
    files = TF_DIRS * 2 + CFN_FILES
    print(f"{root}: {files} files, {TF_DIRS * TF_RESOURCES + CFN_FILES * CFN_RESOURCES} resources")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
