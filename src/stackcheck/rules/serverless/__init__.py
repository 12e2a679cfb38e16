"""Rules: Lambda, event source mappings, SQS, SNS, Kinesis, Firehose, Step Functions and Glue."""
