#!/usr/bin/env python3
"""Generate stackcheck's committed data files from authoritative machine-readable sources.

    python tools/generate_data.py            # all
    python tools/generate_data.py cfn        # CloudFormation reference kinds (from cfn-lint's schemas)
    python tools/generate_data.py tf         # Terraform AWS provider schema (needs terraform + /opt/tf-plugins)

Outputs go to src/stackcheck/data/ with a `_source` header naming the source and its version.
They are committed, so stackcheck never needs terraform, cfn-lint or network at run time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from importlib.metadata import version as _version
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "src" / "stackcheck" / "data"
PLUGIN_DIR = os.environ.get("TF_PLUGIN_DIR", "/opt/tf-plugins")
PROVIDER_VERSION = "5.100.0"


def generate_cfn_kinds() -> None:
    """What `Ref` and `Fn::GetAtt` of each CloudFormation type return, as cfn-lint's schema `format`s.

    The primary identifier is what Ref returns; read-only properties with a `format`
    (e.g. AWS::KMS::Key.Arn) are the GetAtt attributes.
    """
    import cfnlint
    from cfnlint.data.schemas.providers import us_east_1

    root = Path(cfnlint.__file__).parent / "data" / "schemas" / "resources"
    out: dict[str, Any] = {}
    for rtype, digest in sorted(us_east_1.types.items()):
        path = root / f"{digest}.json"
        if not path.exists():
            continue
        schema = json.loads(path.read_text())
        props = schema.get("properties", {})
        entry: dict[str, Any] = {}
        primary = schema.get("primaryIdentifier") or []
        if len(primary) == 1:
            name = primary[0].split("/")[-1]
            entry["ref_prop"] = name
            fmt = props.get(name, {}).get("format")
            if fmt:
                entry["ref"] = fmt
        attrs = {}
        for ro in schema.get("readOnlyProperties", []):
            name = ro.removeprefix("/properties/").replace("/", ".")
            fmt = props.get(name, {}).get("format") if "." not in name else None
            if fmt:
                attrs[name] = fmt
        if attrs:
            entry["getatt"] = attrs
        if entry:
            out[rtype] = entry
    payload = {"_source": {"source": "cfn-lint resource schemas (us-east-1)", "cfn_lint": _version("cfn-lint"),
                           "generated_by": "tools/generate_data.py cfn"}, "types": out}
    (DATA / "cfn_kinds.json").write_text(json.dumps(payload, indent=0, sort_keys=True) + "\n")
    print(f"cfn_kinds.json: {len(out)} types")


def generate_tf_schema() -> None:
    """The AWS provider's resource schemas, one compact JSON line per type plus an offset index,
    so a scan loads only the types it meets."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "main.tf").write_text(
            'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
            f'      version = "{PROVIDER_VERSION}"\n    }}\n  }}\n}}\n')
        env = {**os.environ, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
        subprocess.run(["terraform", "init", "-backend=false", f"-plugin-dir={PLUGIN_DIR}", "-input=false"],
                       cwd=tmp, check=True, capture_output=True, env=env)
        raw = subprocess.run(["terraform", "providers", "schema", "-json"], cwd=tmp, check=True,
                             capture_output=True, env=env).stdout
        version = subprocess.run(["terraform", "version", "-json"], cwd=tmp, check=True,
                                 capture_output=True, env=env).stdout
    schema = json.loads(raw)["provider_schemas"]["registry.terraform.io/hashicorp/aws"]
    lines: list[str] = []
    index: dict[str, list[int]] = {}
    offset = 0
    for rtype, entry in sorted(schema["resource_schemas"].items()):
        compact = json.dumps(_compact_block(entry["block"]), separators=(",", ":"), sort_keys=True)
        data = compact.encode()
        index[rtype] = [offset, len(data)]
        lines.append(compact)
        offset += len(data) + 1
    (DATA / "tf_aws_schema.jsonl").write_text("\n".join(lines) + "\n")
    meta = {"_source": {"source": "terraform providers schema -json", "provider": "hashicorp/aws",
                        "provider_version": PROVIDER_VERSION,
                        "terraform_version": json.loads(version)["terraform_version"],
                        "generated_by": "tools/generate_data.py tf"},
            "index": index}
    (DATA / "tf_aws_schema.idx").write_text(json.dumps(meta, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"tf_aws_schema: {len(index)} resource types, {offset} bytes")


def _compact_block(block: dict[str, Any]) -> dict[str, Any]:
    """Keep what rules use: each attribute's type and flags, each nested block's nesting and limits."""
    attrs = {}
    for name, a in block.get("attributes", {}).items():
        entry: dict[str, Any] = {"t": a.get("type", "dynamic")}
        for flag, short in (("required", "r"), ("optional", "o"), ("computed", "c"), ("deprecated", "d")):
            if a.get(flag):
                entry[short] = 1
        attrs[name] = entry
    blocks = {}
    for name, b in block.get("block_types", {}).items():
        entry = {"n": b["nesting_mode"], "b": _compact_block(b["block"])}
        if b.get("min_items"):
            entry["min"] = b["min_items"]
        if b.get("max_items"):
            entry["max"] = b["max_items"]
        blocks[name] = entry
    out: dict[str, Any] = {"a": attrs}
    if blocks:
        out["k"] = blocks
    if block.get("deprecated"):
        out["d"] = 1
    return out


def main(argv: list[str]) -> int:
    which = set(argv) or {"cfn", "tf"}
    DATA.mkdir(parents=True, exist_ok=True)
    if "cfn" in which:
        generate_cfn_kinds()
    if "tf" in which:
        generate_tf_schema()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
