import pulumi
from pulumi_aws.sqs import Queue, QueueRedrivePolicy

dead_letters = Queue("orders-dlq", name="orders-dlq-dev")
orders = Queue(
    "orders",
    name="orders-dev",
    redrive_policy=QueueRedrivePolicy(dead_letter_target_arn=dead_letters.arn, max_receive_count=5),
)
pulumi.export("orders_url", orders.url)
