"""Pulumi programs in Python, loaded without the Pulumi CLI or a backend.

The program runs in the sandbox under Pulumi's unit-test mocks (pulumi_runner.py, stackcheck's own script,
run by absolute path). Every output the mocks hand back is a sentinel string naming the resource, its type
token and the attribute, so a reference such as `kms_key_id=key.key_id` reaches the next resource's inputs
as `@@sc:data-key:aws:kms/key:Key:key_id@@`; here it becomes the same Unknown the Terraform loader makes
for `aws_kms_key.data-key.key_id`.

pulumi-aws is bridged from the Terraform AWS provider, so every resource is loaded as the Terraform resource
it wraps: the type token maps to the Terraform type (TOKEN_OVERRIDES and MODULE_PREFIXES for the exceptions
to `aws_<module>_<resource>` / `aws_<resource>`), camelCase inputs become the provider's snake_case
arguments, and nested objects become lists of blocks where the provider schema has a block.
"""

from __future__ import annotations

import ast
import json
import os
import re
from functools import cache
from typing import Any
from urllib.parse import unquote

import yaml

from stackcheck.data import tf_resource_schema
from stackcheck.errors import InputError
from stackcheck.loaders.programs.sandbox import run_program
from stackcheck.loaders.terraform.kinds import kind_of
from stackcheck.model.resource import Meta, Output, Resource, Stack
from stackcheck.model.values import Unknown

RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pulumi_runner.py")
SENTINEL = re.compile(r"@@sc:([^:@]*):([^@]*?):([A-Za-z0-9_]+)@@")
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache", ".mypy_cache"}

# Type tokens whose Terraform type the naming rules below do not find (pulumi-aws renames).
TOKEN_OVERRIDES: dict[str, str] = {
    "aws:lb/loadBalancer:LoadBalancer": "aws_lb",
    "aws:alb/loadBalancer:LoadBalancer": "aws_alb",
    "aws:elb/loadBalancer:LoadBalancer": "aws_elb",
    "aws:cloudtrail/trail:Trail": "aws_cloudtrail",
    "aws:codepipeline/pipeline:Pipeline": "aws_codepipeline",
    "aws:s3/bucketV2:BucketV2": "aws_s3_bucket",
    "aws:s3/bucketObjectv2:BucketObjectv2": "aws_s3_object",
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": "aws_s3_bucket_replication_configuration",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "aws_iam_openid_connect_provider",
    "aws:guardduty/iPSet:IPSet": "aws_guardduty_ipset",
    "aws:guardduty/threatIntelSet:ThreatIntelSet": "aws_guardduty_threatintelset",
    "aws:cloudwatch/internetMonitor:InternetMonitor": "aws_internetmonitor_monitor",
    "aws:sqs/redrivePolicy:RedrivePolicy": "aws_sqs_queue_redrive_policy",
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": "aws_sqs_queue_redrive_allow_policy",
    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment": "aws_cognito_identity_pool_roles_attachment",
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication":
        "aws_db_instance_automated_backups_replication",
    "aws:ec2/natGatewayEipAssociation:NatGatewayEipAssociation": "aws_nat_gateway_eip_association",
}
# Modules whose Terraform prefix differs from the module name (tried after the module name itself).
MODULE_PREFIXES: dict[str, tuple[str, ...]] = {
    "apigateway": ("api_gateway",),  # aws:apigateway/vpcLink:VpcLink -> aws_api_gateway_vpc_link
    "rds": ("db",),  # aws:rds/subnetGroup:SubnetGroup -> aws_db_subnet_group, proxy, parameterGroup...
    "cfg": ("config",),
    "amp": ("prometheus",),
    "servicediscovery": ("service_discovery",),
    "opensearch": ("opensearchserverless",),
    "bedrock": ("bedrockagent", "bedrockagentcore"),
    "cloudwatch": ("cloudwatch_log",),
    "datasync": ("datasync_location",),
    "route53": ("route53profiles",),
}


def snake(name: str) -> str:
    out = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    out = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", out)
    return out.lower()


@cache
def tf_type_of(token: str) -> str | None:
    """`aws:rds/cluster:Cluster` -> `aws_rds_cluster`; None for Pulumi's own types (providers, stacks)."""
    if token in TOKEN_OVERRIDES:
        return TOKEN_OVERRIDES[token]
    parts = token.split(":")
    if len(parts) != 3 or parts[0] == "pulumi":
        return None
    package, module_path, resource = parts
    module = module_path.split("/")[0]
    res = snake(resource)
    stripped = re.sub(r"_?v2$", "", res)  # s3 *V2 resources wrap the same Terraform types
    if package != "aws":
        res = res.removeprefix(package + "_")
        return f"{package}_{res}"
    prefixes = (snake(module), *MODULE_PREFIXES.get(module, ()))
    candidates: list[str] = []
    for name in (res, stripped):
        for prefix in prefixes:
            candidates.append(f"aws_{prefix}_{name.removeprefix(prefix + '_')}")
        candidates.append(f"aws_{name}")
    for prefix in prefixes:  # aws:bedrock/agentAgent:AgentAgent -> aws_bedrockagent_agent
        short = prefixes[0]
        if res.startswith(short) and prefix != short:
            candidates.append(f"aws_{prefix}_{res.removeprefix(short).lstrip('_')}")
    for c in candidates:
        if tf_resource_schema(c) is not None:
            return c
    return candidates[0]


def _schema_type_is_list(spec: dict[str, Any] | None) -> bool:
    t = (spec or {}).get("t")
    return isinstance(t, list) and t[0] in ("list", "set")


def tf_name(name: str, block: dict[str, Any] | None) -> tuple[str, bool]:
    """A Pulumi (snake_case) argument's Terraform name, and whether Pulumi flattened a one-item list.

    pulumi-aws renames some arguments: MaxItems=1 lists lose their plural (`target_arns` -> `target_arn`),
    repeated blocks gain one (`default_action` -> `default_actions`) and some ID arguments lose `_id`
    (`rest_api_id` -> `rest_api`).
    """
    if not block:
        return name, False
    attrs, blocks = block.get("a", {}), block.get("k", {})
    if name in attrs or name in blocks:
        return name, False
    plurals = [name + "s", name + "es"]
    if name.endswith("y"):
        plurals.append(name[:-1] + "ies")
    for cand in plurals:
        if cand in blocks or _schema_type_is_list(attrs.get(cand)):
            return cand, True
    singulars = []  # Pulumi pluralizes repeated blocks: default_actions -> default_action
    if name.endswith("ies"):
        singulars.append(name[:-3] + "y")
    if name.endswith("es"):
        singulars.append(name[:-2])
    if name.endswith("s"):
        singulars.append(name[:-1])
    for cand in singulars:
        if cand in blocks or cand in attrs:
            return cand, False
    for cand in (name + "_id", name + "_arn", name + "_name"):
        if cand in attrs:
            return cand, False
    return name, False


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class Converter:
    """Mock inputs (camelCase, sentinels) -> Terraform attributes (snake_case, Unknown references)."""

    def __init__(self, names: dict[tuple[str, str], str]) -> None:
        self.names = names  # (quoted pulumi name, token) -> address

    def reference(self, qname: str, token: str, attr: str) -> Unknown:
        tf_type = tf_type_of(token) or token
        name = unquote(qname)
        address = self.names.get((name, token)) or f"{tf_type}.{address_name(name)}"
        if attr != "id":
            attr = tf_name(attr, tf_resource_schema(tf_type))[0]
        return Unknown(ref=f"{address}.{attr}", kind=kind_of(tf_type, attr), target=address,
                       target_type=tf_type, attr=attr)

    def text(self, value: str, refs: set[str]) -> Any:
        if "@@sc:" not in value:
            return value
        parts: list[Any] = []
        pos = 0
        for m in SENTINEL.finditer(value):
            if m.start() > pos:
                parts.append(value[pos:m.start()])
            ref = self.reference(*m.groups())
            if ref.target:
                refs.add(ref.target)
            parts.append(ref)
            pos = m.end()
        if pos < len(value):
            parts.append(value[pos:])
        if len(parts) == 1 and isinstance(parts[0], Unknown):
            return parts[0]
        first = next((p.ref for p in parts if isinstance(p, Unknown)), "template")
        return Unknown(ref=first, parts=tuple(parts))

    def value(self, value: Any, refs: set[str], *, snake_keys: bool = False) -> Any:
        if isinstance(value, str):
            return self.text(value, refs)
        if isinstance(value, list):
            return [self.value(v, refs, snake_keys=snake_keys) for v in value]
        if isinstance(value, dict):
            if set(value) == {"@@resource"}:
                return self.text(str(value["@@resource"]), refs)
            return {(snake(k) if snake_keys else k): self.value(v, refs, snake_keys=snake_keys)
                    for k, v in value.items()}
        return _number(value)

    def body(self, inputs: dict[str, Any], block: dict[str, Any] | None, path: str,
             meta: dict[str, Meta], line: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        attrs = (block or {}).get("a", {})
        blocks = (block or {}).get("k", {})
        for key, raw in inputs.items():
            if raw is None:
                continue
            name, flattened = tf_name(snake(key), block)
            sub = f"{path}.{name}" if path else name
            refs: set[str] = set()
            if name in blocks:
                inner = blocks[name].get("b", {})
                items = raw if isinstance(raw, list) else [raw]
                converted = []
                for i, item in enumerate(items):
                    if isinstance(item, dict):
                        converted.append(self.body(item, inner, f"{sub}.{i}", meta, line))
                    else:
                        converted.append(self.value(item, refs))
                out[name] = converted
                refs |= {r for k, m in meta.items() if k.startswith(sub + ".") for r in m.refs}
                meta[sub] = Meta(line, frozenset(refs), block=True)
                continue
            spec = attrs.get(name)
            t = (spec or {}).get("t")
            is_map = isinstance(t, list) and t[0] == "map"
            value = self.value(raw, refs, snake_keys=not is_map and bool(spec))
            if (flattened or _schema_type_is_list(spec)) and not isinstance(value, list):
                value = [value]
            out[name] = value
            meta[sub] = Meta(line, frozenset(refs))
        return out


def address_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def _project(project_dir: str) -> tuple[dict[str, Any], str]:
    """Pulumi.yaml and the program entry file (absolute)."""
    for fname in ("Pulumi.yaml", "Pulumi.yml"):
        path = os.path.join(project_dir, fname)
        if os.path.exists(path):
            break
    else:
        raise InputError(project_dir, 1, "no Pulumi.yaml")
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, 1, f"cannot read Pulumi.yaml: {exc}") from exc
    if not isinstance(doc, dict):
        raise InputError(path, 1, "Pulumi.yaml is not a mapping")
    runtime = doc.get("runtime")
    name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if name != "python":
        raise InputError(path, 1, f"Pulumi runtime {name!r} is not supported (only python)")
    main = doc.get("main")
    entry = os.path.join(project_dir, main) if isinstance(main, str) else project_dir
    if os.path.isdir(entry):
        entry = os.path.join(entry, "__main__.py")
    return doc, os.path.abspath(entry)


def _venv_python(project_dir: str, doc: dict[str, Any]) -> str | None:
    runtime = doc.get("runtime")
    if isinstance(runtime, dict):
        venv = (runtime.get("options") or {}).get("virtualenv")
        if isinstance(venv, str):
            candidate = os.path.join(project_dir, venv, "bin", "python")
            if os.path.exists(candidate):
                return candidate
    return None


def _stack_config(project_dir: str, project: str) -> tuple[str, dict[str, str]]:
    """The stack to pretend to be (Pulumi.dev.yaml, else the only Pulumi.<stack>.yaml) and its plain config."""
    stacks = sorted(f[len("Pulumi."):-len(".yaml")] for f in os.listdir(project_dir)
                    if f.startswith("Pulumi.") and f.endswith(".yaml") and f.count(".") == 2)
    stack = "dev" if "dev" in stacks or len(stacks) != 1 else stacks[0]
    config: dict[str, str] = {}
    path = os.path.join(project_dir, f"Pulumi.{stack}.yaml")
    if os.path.exists(path):
        try:
            with open(path, encoding="utf-8") as fh:
                doc = yaml.safe_load(fh) or {}
        except (OSError, yaml.YAMLError):
            doc = {}
        for key, value in ((doc.get("config") or {}) if isinstance(doc, dict) else {}).items():
            if isinstance(value, dict) and "secure" in value:
                continue
            full = key if ":" in str(key) else f"{project}:{key}"
            config[full] = value if isinstance(value, str) else json.dumps(value)
    return stack, config


class Sites:
    """Constructor calls in the program's files: `Class("name", ..., kw=...)`."""

    def __init__(self, files: list[str]) -> None:
        self.by_name: dict[str, list[tuple[str, ast.Call]]] = {}
        self.by_line: dict[tuple[str, int], ast.Call] = {}
        self.exports: dict[str, tuple[str, int]] = {}
        for path in files:
            try:
                with open(path, encoding="utf-8") as fh:
                    tree = ast.parse(fh.read(), filename=path)
            except (OSError, SyntaxError, ValueError):
                continue
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                self.by_line.setdefault((path, node.lineno), node)
                if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    func = node.func
                    if isinstance(func, ast.Attribute) and func.attr == "export":
                        self.exports.setdefault(node.args[0].value, (path, node.lineno))
                    else:
                        self.by_name.setdefault(node.args[0].value, []).append((path, node))

    def find(self, name: str, site: tuple[str, int] | None) -> tuple[str, ast.Call | None, int]:
        if site:
            call = self.by_line.get((site[0], site[1]))
            candidates = [c for c in self.by_name.get(name, []) if c[0] == site[0] and
                          c[1].lineno <= site[1] <= (c[1].end_lineno or c[1].lineno)]
            if candidates:
                return candidates[-1][0], candidates[-1][1], candidates[-1][1].lineno
            return site[0], call, site[1]
        found = self.by_name.get(name)
        if found:
            return found[0][0], found[0][1], found[0][1].lineno
        return "", None, 0


def _program_files(project_dir: str, entry: str) -> list[str]:
    files = [entry] if os.path.exists(entry) else []
    for root, dirs, names in os.walk(project_dir):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for n in sorted(names):
            path = os.path.abspath(os.path.join(root, n))
            if n.endswith(".py") and path not in files:
                files.append(path)
    return files


def _one_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _user_frame(frames: list[list[Any]], run: Any, project_dir: str) -> tuple[str | None, int]:
    work = os.path.realpath(run.workdir)
    for fname, line, _func in reversed(frames):
        real = os.path.realpath(fname)
        if real.startswith(work + os.sep) or real.startswith(os.path.realpath(project_dir) + os.sep):
            return run.user_path(fname), int(line or 0)
    return None, 0


def _failure(error: dict[str, Any], run: Any, project_dir: str, entry: str, sites: Sites) -> dict[str, Any]:
    file, line = _user_frame(error.get("frames") or [], run, project_dir)
    exc = error.get("exception") or "Exception"
    message = _one_line(error.get("message") or exc)
    failure: dict[str, Any] = {
        "kind": "other", "exception": exc, "message": message, "file": file or entry, "line": line or 1,
        "resource": None, "resource_type": None, "class_name": None, "name": None, "candidates": [],
        "expected": None, "got": None,
    }
    if error.get("keyword"):
        token = error.get("token")
        failure.update(kind="keyword", name=error["keyword"], class_name=error.get("class_name"),
                       candidates=list(error.get("candidates") or []),
                       resource=error.get("resource"), resource_type=tf_type_of(token) if token else None)
        if failure["resource"] is None and file:
            for name, calls in sites.by_name.items():
                if any(p == file and c.lineno <= line <= (c.end_lineno or c.lineno) for p, c in calls):
                    failure["resource"] = name
        if file:  # point at the keyword itself
            for _name, calls in sites.by_name.items():
                for p, c in calls:
                    if p == file and c.lineno <= line <= (c.end_lineno or c.lineno):
                        kw = next((k for k in c.keywords if k.arg == error["keyword"]), None)
                        if kw is not None:
                            failure["line"] = kw.value.lineno
    elif exc in ("ImportError", "ModuleNotFoundError"):
        m = re.search(r"cannot import name '(\w+)'", message) or re.search(r"No module named '([\w.]+)'", message)
        failure.update(kind="import", name=m.group(1) if m else None)
    return failure


def load(project_dir: str, *, python: str | None = None, timeout: float = 120) -> tuple[list[Stack], list[InputError]]:
    project_dir = os.path.abspath(project_dir)
    try:
        doc, entry = _project(project_dir)
    except InputError as err:
        return [], [err]
    project = str(doc.get("name") or "project")
    stack_name, config = _stack_config(project_dir, project)
    files = _program_files(project_dir, entry)
    stack = Stack(framework="terraform", path=project_dir, files=files)
    failures: list[dict[str, Any]] = []
    settings: dict[str, Any] = {"kind": "pulumi", "dir": project_dir, "entry": os.path.relpath(entry, project_dir),
                                "seconds": 0.0, "network_isolated": False, "stack": stack_name}
    stack.settings["program"] = settings
    stack.settings["synth_failures"] = failures
    if not os.path.exists(entry):
        return [stack], [InputError(entry, 1, "Pulumi program not found")]
    env = {"STACKCHECK_PULUMI_PROJECT": project, "STACKCHECK_PULUMI_STACK": stack_name,
           "PULUMI_CONFIG": json.dumps(config)}
    env = {k: v.replace("{", "{{").replace("}", "}}") for k, v in env.items()}  # run_program formats them
    run = run_program(project_dir, [RUNNER, os.path.relpath(entry, project_dir)],
                      python=python or _venv_python(project_dir, doc), timeout=timeout, env_extra=env,
                      label=f"running Pulumi program {os.path.basename(project_dir)}")
    try:
        settings.update(seconds=round(run.seconds, 3), network_isolated=run.network_isolated)
        sites = Sites(files)
        result: dict[str, Any] | None = None
        try:
            with open(os.path.join(run.outdir, "pulumi.json"), encoding="utf-8") as fh:
                result = json.load(fh)
        except (OSError, ValueError):
            result = None
        if run.timed_out:
            failures.append(_failure({"exception": "TimeoutError",
                                      "message": f"the program did not finish within {timeout:g}s"},
                                     run, project_dir, entry, sites))
            return [stack], []
        if result is None:
            failures.append(_failure({"exception": "ProgramError",
                                      "message": _one_line(run.stderr.strip().splitlines()[-1] if run.stderr.strip()
                                                           else f"exit status {run.returncode}")},
                                     run, project_dir, entry, sites))
            return [stack], []
        if result.get("error"):
            failures.append(_failure(result["error"], run, project_dir, entry, sites))
            return [stack], []
        _build(stack, result, run, sites)
    finally:
        run.cleanup()
    return [stack], []


def _build(stack: Stack, result: dict[str, Any], run: Any, sites: Sites) -> None:
    records = [r for r in result.get("resources", []) if r.get("custom") and tf_type_of(r["type"])]
    names: dict[tuple[str, str], str] = {}
    by_urn: dict[str, str] = {}
    used: set[str] = set()
    for rec in records:
        base = f"{tf_type_of(rec['type'])}.{address_name(rec['name'])}"
        address, n = base, 1
        while address in used:
            n += 1
            address = f"{base}_{n}"
        used.add(address)
        names[(rec["name"], rec["type"])] = address
        by_urn[rec["urn"]] = address
    converter = Converter(names)
    for rec in records:
        tf_type = tf_type_of(rec["type"]) or rec["type"]
        address = names[(rec["name"], rec["type"])]
        site = rec.get("site")
        if site:
            site = (run.user_path(site[0]), int(site[1]))
        file, call, line = sites.find(rec["name"], site)
        meta: dict[str, Meta] = {}
        attrs = converter.body(rec.get("inputs") or {}, tf_resource_schema(tf_type), "", meta, line)
        if call is not None:
            keywords = {}
            for kw in call.keywords:
                if kw.arg:
                    keywords[tf_name(kw.arg, tf_resource_schema(tf_type))[0]] = kw.value.lineno
            for path, m in meta.items():
                m.line = keywords.get(path.split(".")[0], line)
        references = {r for m in meta.values() for r in m.refs}
        implicit = {u for urns in (rec.get("property_dependencies") or {}).values() for u in urns}
        depends_on = [by_urn[u] for u in rec.get("dependencies") or [] if u not in implicit and u in by_urn]
        res = Resource(address=address, type=tf_type, name=address.split(".", 1)[1], framework="terraform",
                       file=file or (stack.files[0] if stack.files else ""), line=line, attrs=attrs, meta=meta,
                       depends_on=depends_on, references=references, label=rec["name"])
        res.end_line = (call.end_lineno or line) if call is not None else line
        stack.resources.append(res)
    order = {f: i for i, f in enumerate(stack.files)}
    stack.resources.sort(key=lambda r: (order.get(r.file, len(order)), r.line))
    for name, value in (result.get("outputs") or {}).items():
        refs: set[str] = set()
        converted = converter.value(value, refs)
        file, line = sites.exports.get(name, (stack.files[0] if stack.files else "", 1))
        stack.outputs.append(Output(name, converted, frozenset(refs), file, line))
