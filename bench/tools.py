"""The tools the benchmark times, each as a whole process, and how each reads a case."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import peers
from cases import Case

HERE = os.path.dirname(os.path.abspath(__file__))


@dataclass(frozen=True)
class Tool:
    name: str
    frameworks: tuple[str, ...]
    peer: bool  # a peer (repeats may be cut by the time budget) or stackcheck / its parse floor

    @property
    def slug(self) -> str:
        return self.name.replace(" ", "-")

    def argv(self, case: Case) -> list[str]:
        return ARGV[self.name](case)

    def cwd(self, case: Case, work: str) -> str:
        if self.name == "terraform validate":
            root = "tf-repo-root" if case.name == "tf-repo" else case.path
            return os.path.join(work, root)
        return work


def _stackcheck() -> str:
    return os.path.join(os.path.dirname(sys.executable), "stackcheck")


ARGV = {
    "stackcheck": lambda c: [_stackcheck(), "scan", c.path, "--format", "json"],
    "parse floor": lambda c: [sys.executable, os.path.join(HERE, "parse_floor.py"), c.path],
    "cfn-lint": lambda c: [peers.tool("cfn-lint"), *c.files],
    "cloudformation-validate": lambda c: [peers.python(), os.path.join(HERE, "cfn_validate.py"), *c.files],
    "checkov": lambda c: [peers.tool("checkov"), "-d", c.path, "--quiet", "--compact", "--skip-download",
                          "--framework", c.framework],
    "terraform validate": lambda c: ["terraform", "validate", "-no-color"],
}

TOOLS = [
    Tool("stackcheck", ("terraform", "cloudformation"), peer=False),
    Tool("parse floor", ("terraform", "cloudformation"), peer=False),
    Tool("cfn-lint", ("cloudformation",), peer=True),
    Tool("cloudformation-validate", ("cloudformation",), peer=True),
    Tool("checkov", ("terraform", "cloudformation"), peer=True),
    Tool("terraform validate", ("terraform",), peer=True),
]
