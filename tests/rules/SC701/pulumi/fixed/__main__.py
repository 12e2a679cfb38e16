import json

import pulumi
from pulumi_aws.sqs import Queue

dead_letters = Queue("orders-dlq", name="orders-dlq-dev")
orders = Queue(
    "orders",
    name="orders-dev",
    redrive_policy=dead_letters.arn.apply(
        lambda arn: json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 5})
    ),
)
pulumi.export("orders_url", orders.url)
