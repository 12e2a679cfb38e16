"""The parse floor: find the files stackcheck would read and only parse them, with stackcheck's parsers.

Usage: .venv/bin/python bench/parse_floor.py PATH...

Terraform files go through stackcheck's syntax module (tree-sitter-hcl for .tf, the YAML composer for
.tf.json); templates through yamlnodes.load_with_lines (PyYAML CSafeLoader compose plus the lines of
every key). No evaluation, no model, no rules, no report: what remains of stackcheck's time above this
is its own work.
"""

from __future__ import annotations

import os
import sys

from stackcheck.discover import discover
from stackcheck.loaders.terraform.syntax import parse_hcl, parse_tf_json
from stackcheck.loaders.yamlnodes import load_with_lines


def main(paths: list[str]) -> int:
    inputs = discover(paths, programs=False)
    files = 0
    for directory in inputs.terraform_dirs:
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if name.endswith(".tf"):
                with open(path, "rb") as fh:
                    parse_hcl(path, fh.read())
            elif name.endswith(".tf.json"):
                with open(path, "rb") as fh:
                    parse_tf_json(path, fh.read())
            else:
                continue
            files += 1
    for path in inputs.templates:
        with open(path, "rb") as fh:
            load_with_lines(path, fh.read())
        files += 1
    print(f"parsed {files} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
