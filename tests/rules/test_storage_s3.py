"""Variants of the S3 and EFS rules (SC650-SC657) beyond the broken/fixed fixtures."""

from __future__ import annotations

from pathlib import Path

from stackcheck.scan import scan

TF_HEAD = 'resource "aws_s3_bucket" "b" {\n  bucket = "orders-data-dev"\n}\n'


def findings(tmp_path: Path, text: str, rule_id: str, name: str = "main.tf") -> list:
    (tmp_path / name).write_text(text)
    result = scan([str(tmp_path)])
    assert not result.errors, result.errors
    return [f for f in result.findings if f.rule_id == rule_id]


def test_acl_with_explicit_owner_enforced_is_a_blocker(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
resource "aws_s3_bucket_ownership_controls" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_acl" "b" {
  depends_on = [aws_s3_bucket_ownership_controls.b]
  bucket     = aws_s3_bucket.b.id
  acl        = "private"
}
''', "SC650")
    assert len(got) == 1 and got[0].blocker


def test_acl_not_waiting_for_ownership_controls_is_a_warning(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
resource "aws_s3_bucket_ownership_controls" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    object_ownership = "ObjectWriter"
  }
}
resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
  acl    = "log-delivery-write"
}
''', "SC650")
    assert len(got) == 1 and not got[0].blocker


def test_acl_on_a_bucket_outside_the_stack_is_not_judged(tmp_path: Path) -> None:
    got = findings(tmp_path, 'resource "aws_s3_bucket_acl" "b" {\n  bucket = "legacy-bucket"\n  acl = "private"\n}\n',
                   "SC650")
    assert got == []


def test_public_policy_from_policy_document_data_source(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
data "aws_iam_policy_document" "public" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket              = aws_s3_bucket.b.id
  block_public_policy = true
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.public.json
}
''', "SC651")
    assert len(got) == 1 and got[0].blocker


def test_policy_with_a_condition_is_not_treated_as_public(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.b.arn}/*"
      Condition = { StringEquals = { "aws:SourceVpce" = "vpce-1234" } }
    }]
  })
}
''', "SC651")
    assert got == []


def test_public_policy_not_waiting_for_the_access_block_is_a_warning(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_policy     = false
  restrict_public_buckets = false
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "s3:GetObject", Resource = "*" }]
  })
}
''', "SC651")
    assert len(got) == 1 and not got[0].blocker


LAMBDA = '''
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}
resource "aws_lambda_function" "fn" {
  function_name = "thumbs"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "fn.zip"
}
'''


def test_notification_not_waiting_for_the_lambda_permission_is_a_warning(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + LAMBDA + '''
resource "aws_lambda_permission" "s3" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.b.arn
}
resource "aws_s3_bucket_notification" "b" {
  bucket = aws_s3_bucket.b.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.fn.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
''', "SC652")
    assert len(got) == 1 and not got[0].blocker


def test_queue_policy_for_another_principal_is_a_blocker(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
resource "aws_sqs_queue" "q" {
  name = "q"
}
resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "sns.amazonaws.com" }, Action = "sqs:SendMessage",
                   Resource = aws_sqs_queue.q.arn }]
  })
}
resource "aws_s3_bucket_notification" "b" {
  bucket     = aws_s3_bucket.b.id
  depends_on = [aws_sqs_queue_policy.q]
  queue {
    queue_arn = aws_sqs_queue.q.arn
    events    = ["s3:ObjectCreated:*"]
  }
}
''', "SC652")
    assert len(got) == 1 and got[0].blocker


def test_inline_queue_policy_for_s3_is_enough(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
resource "aws_sqs_queue" "q" {
  name   = "q"
  policy = <<POLICY
{"Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*"}]}
POLICY
}
resource "aws_s3_bucket_notification" "b" {
  bucket = aws_s3_bucket.b.id
  queue {
    queue_arn = aws_sqs_queue.q.arn
    events    = ["s3:ObjectCreated:*"]
  }
}
''', "SC652")
    assert got == []


def test_cfn_lambda_permission_referring_to_the_bucket_is_a_blocker(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code:
        ZipFile: "def handler(e, c): pass"
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceArn: !GetAtt Bucket.Arn
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      NotificationConfiguration:
        LambdaConfigurations:
          - Event: s3:ObjectCreated:*
            Function: !GetAtt Fn.Arn
''', "SC652", name="template.yaml")
    assert len(got) == 1 and got[0].blocker and "Permission" in got[0].message


def test_replication_with_legacy_inline_versioning_is_accepted(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_s3_bucket" "src" {
  bucket = "src-bucket-dev"
  versioning {
    enabled = true
  }
}
resource "aws_s3_bucket_replication_configuration" "r" {
  bucket = aws_s3_bucket.src.id
  role   = "arn:aws:iam::123456789012:role/replication"
  rule {
    status = "Enabled"
    destination {
      bucket = "arn:aws:s3:::elsewhere"
    }
  }
}
''', "SC653")
    assert got == []


def test_ia_transition_at_30_days_is_accepted(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    id     = "r"
    status = "Enabled"
    filter {}
    transition {
      days          = 30
      storage_class = "ONEZONE_IA"
    }
    transition {
      days          = 0
      storage_class = "GLACIER_IR"
    }
    expiration {
      days = 31
    }
  }
}
''', "SC654")
    assert got == []


def test_bucket_name_rules(tmp_path: Path) -> None:
    from stackcheck.rules.storage.bucket_name_invalid import problems

    assert problems("orders-data-dev") == []
    assert problems("192.168.5.4")
    assert problems("my..bucket")
    assert problems("xn--bucket")
    assert problems("data-s3alias"[:-7] + "-s3alias")
    assert problems("my.bucket", accelerated=True)
    assert not problems("my.bucket")
    assert problems("ab")


def test_bucket_prefix_with_upper_case_letters(tmp_path: Path) -> None:
    got = findings(tmp_path, 'resource "aws_s3_bucket" "b" {\n  bucket_prefix = "Reports-"\n}\n', "SC655")
    assert len(got) == 1 and got[0].attribute == "bucket_prefix"


def test_bucket_name_from_unknown_value_is_not_judged(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "random_id" "s" {
  byte_length = 4
}
resource "aws_s3_bucket" "b" {
  bucket = "reports-${random_id.s.hex}"
}
''', "SC655")
    assert got == []


def test_efs_same_subnet_twice_without_known_az(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
data "aws_availability_zones" "az" {}
resource "aws_subnet" "a" {
  vpc_id            = "vpc-1"
  cidr_block        = "10.0.0.0/24"
  availability_zone = data.aws_availability_zones.az.names[0]
}
resource "aws_efs_file_system" "fs" {}
resource "aws_efs_mount_target" "one" {
  file_system_id = aws_efs_file_system.fs.id
  subnet_id      = aws_subnet.a.id
}
resource "aws_efs_mount_target" "two" {
  file_system_id = aws_efs_file_system.fs.id
  subnet_id      = aws_subnet.a.id
}
''', "SC656")
    assert len(got) == 1 and "same subnet" in got[0].message


def test_efs_subnets_with_unknown_az_are_not_judged(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
data "aws_availability_zones" "az" {}
resource "aws_subnet" "a" {
  count             = 2
  vpc_id            = "vpc-1"
  cidr_block        = "10.0.${count.index}.0/24"
  availability_zone = data.aws_availability_zones.az.names[count.index]
}
resource "aws_efs_file_system" "fs" {}
resource "aws_efs_mount_target" "mt" {
  count          = 2
  file_system_id = aws_efs_file_system.fs.id
  subnet_id      = aws_subnet.a[count.index].id
}
''', "SC656")
    assert got == []


def test_event_overlap() -> None:
    from stackcheck.rules.storage.notification_configurations_overlap import events_overlap

    assert events_overlap("s3:ObjectCreated:*", "s3:ObjectCreated:Put")
    assert events_overlap("s3:ObjectCreated:Put", "s3:ObjectCreated:*")
    assert not events_overlap("s3:ObjectCreated:*", "s3:ObjectRemoved:*")
    assert not events_overlap("s3:ObjectCreated:Put", "s3:ObjectCreated:Copy")


def test_same_event_with_disjoint_prefixes_is_fine(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
resource "aws_s3_bucket_notification" "b" {
  bucket = aws_s3_bucket.b.id
  queue {
    queue_arn     = "arn:aws:sqs:eu-west-1:123456789012:a"
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "images/"
  }
  queue {
    queue_arn     = "arn:aws:sqs:eu-west-1:123456789012:b"
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "videos/"
  }
}
''', "SC658")
    assert got == []


def test_inline_lifecycle_rule_and_lifecycle_resource(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_s3_bucket" "b" {
  bucket = "orders-data-dev"
  lifecycle_rule {
    enabled = true
    expiration {
      days = 90
    }
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    id     = "r"
    status = "Enabled"
    filter {}
    expiration {
      days = 30
    }
  }
}
''', "SC659")
    assert len(got) == 1 and "lifecycle_rule" in got[0].message


def test_queue_with_a_customer_key_without_s3_in_its_policy_is_a_warning(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
resource "aws_kms_key" "k" {
  description = "queue key with the default key policy"
}
resource "aws_sqs_queue" "q" {
  name              = "q"
  kms_master_key_id = aws_kms_key.k.arn
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "s3.amazonaws.com" }, Action = "sqs:SendMessage",
                   Resource = "*" }]
  })
}
resource "aws_s3_bucket_notification" "b" {
  bucket = aws_s3_bucket.b.id
  queue {
    queue_arn = aws_sqs_queue.q.arn
    events    = ["s3:ObjectCreated:*"]
  }
}
''', "SC660")
    assert len(got) == 1 and not got[0].blocker


def test_queue_with_sqs_managed_encryption_is_fine(tmp_path: Path) -> None:
    got = findings(tmp_path, TF_HEAD + '''
resource "aws_sqs_queue" "q" {
  name                    = "q"
  sqs_managed_sse_enabled = true
}
resource "aws_s3_bucket_notification" "b" {
  bucket = aws_s3_bucket.b.id
  queue {
    queue_arn = aws_sqs_queue.q.arn
    events    = ["s3:ObjectCreated:*"]
  }
}
''', "SC660")
    assert got == []
