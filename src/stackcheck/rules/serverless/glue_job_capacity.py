"""SC817: a Glue job whose capacity settings its job type refuses."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, FieldMap, Rule

JOB = FieldMap({
    "aws_glue_job": {"command": "command.name", "worker": "worker_type", "workers": "number_of_workers",
                     "max": "max_capacity"},
    "AWS::Glue::Job": {"command": "Command.Name", "worker": "WorkerType", "workers": "NumberOfWorkers",
                       "max": "MaxCapacity"},
})
RAY_WORKER = "Z.2X"  # the only worker type of Glue for Ray jobs


def problems(job: Resource) -> Iterator[tuple[str, str, str]]:
    command = JOB.get(job, "command")
    worker = JOB.get(job, "worker")
    worker_attr, workers_attr, max_attr = (JOB.name(job, k) for k in ("worker", "workers", "max"))
    if command == "pythonshell" and (worker is not None or JOB.get(job, "workers") is not None):
        attr = worker_attr if worker is not None else workers_attr
        yield (attr, "CreateJob fails with InvalidInputException: Worker Type is not supported for Job Command "
               "pythonshell", f"remove {worker_attr} and {workers_attr}; size a Python shell job with {max_attr} "
               "(0.0625 or 1)")
    elif command == "glueray" and (worker is None or isinstance(worker, str)) and worker != RAY_WORKER:
        got = "no worker type" if worker is None else f"worker type {worker}"
        yield (worker_attr if worker is not None else JOB.name(job, "command"),
               f"a Ray job with {got}: CreateJob fails with InvalidInputException: Worker type cannot be null and "
               "only [Z.2X] worker types are supported for glueray jobs",
               f'set {worker_attr} = "{RAY_WORKER}" and {workers_attr}')
    elif job.framework == "cloudformation" and JOB.get(job, "max") is not None and (
            worker is not None or JOB.get(job, "workers") is not None):
        yield (max_attr, "MaxCapacity is set together with WorkerType/NumberOfWorkers, which the Glue API refuses "
               "(do not set Max Capacity if using WorkerType and NumberOfWorkers): CreateJob fails with "
               "InvalidInputException", f"remove {max_attr} (capacity is WorkerType x NumberOfWorkers)")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for job in JOB.resources(stack):
        for attr, message, fix in problems(job):
            yield RULE.finding(job, attr, message, fix)


RULE = Rule(
    id="SC817", name="glue-job-capacity-for-job-type",
    title="Glue job capacity settings refused for its job type",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_glue_job / AWS::Glue::Job of command pythonshell with a worker type or number of workers, of "
          "command glueray without worker type Z.2X, and (CloudFormation) MaxCapacity together with WorkerType or "
          "NumberOfWorkers.",
    why="Python shell jobs are sized only by MaxCapacity; Ray jobs only run on Z.2X workers; Spark jobs take "
        "either MaxCapacity or WorkerType with NumberOfWorkers. The provider's conflict check covers only the last "
        "case, and the CloudFormation schema none of them.",
    error="InvalidInputException: Worker Type is not supported for Job Command pythonshell / Worker type cannot be "
          "null and only [Z.2X] worker types are supported for glueray jobs",
    broken='resource "aws_glue_job" "sync" {\n  # ...\n  worker_type       = "G.1X"\n  number_of_workers = 2\n'
           '  command {\n    name            = "pythonshell"\n    script_location = "s3://jobs/sync.py"\n  }\n}',
    fixed='  max_capacity = 0.0625\n  command {\n    name            = "pythonshell"\n'
          '    python_version  = "3.9"\n    script_location = "s3://jobs/sync.py"\n  }',
    evidence=(
        "https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-jobs-job.html (MaxCapacity: do not set Max "
        "Capacity if using WorkerType and NumberOfWorkers; Python shell jobs take 0.0625 or 1 DPU)",
        "https://github.com/cloudposse/terraform-aws-glue/issues/42 (Worker Type is not supported for Job Command "
        "pythonshell)",
        "https://github.com/toryas/serverless-glue/pull/2 (WorkerType/NumberOfWorkers break pythonshell deploys)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/29180 (Worker type cannot be null and only "
        "[Z.2X] worker types are supported for glueray jobs)",
    ),
    limits="Job types and worker types given through variables without defaults are not judged.",
    check=check,
)
