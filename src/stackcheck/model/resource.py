"""Resources and stacks: what every loader produces and every rule reads."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from stackcheck.model.values import Unknown

_INDEX = re.compile(r"\.\d+(?=\.|$)")


def strip_indexes(path: str) -> str:
    """`rule.0.filter` -> `rule.filter`."""
    return _INDEX.sub("", path)


@dataclass(slots=True)
class Meta:
    """Where an attribute was written and what it refers to."""

    line: int
    refs: frozenset[str] = frozenset()  # "var.x", "local.y", addresses of resources
    block: bool = False  # HCL: written as a nested block rather than `name = value`


@dataclass
class Resource:
    address: str  # Terraform TYPE.NAME (with module. prefix and [index]); CFN logical ID
    type: str
    name: str
    framework: str  # "terraform" | "cloudformation"
    file: str
    line: int
    attrs: dict[str, Any]
    meta: dict[str, Meta] = field(default_factory=dict)
    depends_on: list[str] = field(default_factory=list)  # explicit, as addresses
    references: set[str] = field(default_factory=set)  # addresses referenced by any value
    base_address: str = ""  # address without an instance key
    lifecycle: dict[str, Any] = field(default_factory=dict)
    end_line: int = 0
    label: str | None = None  # what findings call it when not the address: construct id, Pulumi name
    construct_path: str = ""  # CDK / CDKTF construct path ("Stack/Db/Resource"), from the synthesized metadata
    region: str | None = None  # Terraform: the region of the resource's provider configuration, when known

    def __post_init__(self) -> None:
        if not self.base_address:
            self.base_address = self.address

    def get(self, path: str, default: Any = None) -> Any:
        """Value at a dotted path (`a.b`, `a.0.b`); lists of blocks are entered at index 0."""
        value: Any = self.attrs
        for key in path.split("."):
            if isinstance(value, list):
                if key.isdigit():
                    idx = int(key)
                    value = value[idx] if idx < len(value) else None
                else:
                    value = value[0].get(key) if value and isinstance(value[0], dict) else None
            elif isinstance(value, dict):
                value = value.get(key)
            else:
                return default
            if value is None:
                return default
        return value

    def has(self, path: str) -> bool:
        return self.get(path) is not None

    def line_of(self, path: str | None) -> int:
        """Line of an attribute, else of its nearest written parent, else of the resource."""
        if not path:
            return self.line
        index = self._line_index
        probe = path
        while probe:
            if probe in index:
                return index[probe]
            probe = probe.rpartition(".")[0]
        return self.line

    @cached_property
    def _line_index(self) -> dict[str, int]:
        index: dict[str, int] = {}
        for path, meta in self.meta.items():
            index.setdefault(path, meta.line)
            index.setdefault(strip_indexes(path), meta.line)
        return index

    def refs_of(self, path: str) -> frozenset[str]:
        """Everything the value at `path` (and below it) refers to."""
        out: set[str] = set()
        plain = strip_indexes(path)
        for key, meta in self.meta.items():
            k = strip_indexes(key)
            if k == plain or k.startswith(plain + ".") or key == path or key.startswith(path + "."):
                out |= meta.refs
        if not out:
            # Not written at this depth (e.g. built by merge()): the nearest written parent's refs.
            probe = path.rpartition(".")[0]
            while probe and not out:
                meta = self.meta.get(probe)
                if meta is not None:
                    out |= meta.refs
                probe = probe.rpartition(".")[0]
        return frozenset(out)

    def written_as_block(self, path: str) -> bool:
        meta = self.meta.get(path)
        return bool(meta and meta.block)

    def all_refs(self) -> set[str]:
        out: set[str] = set()
        for meta in self.meta.values():
            out |= meta.refs
        return out


@dataclass
class Variable:
    """A Terraform variable or a CloudFormation parameter."""

    name: str
    default: Any
    file: str
    line: int
    has_default: bool = True
    type: str | None = None


@dataclass
class Output:
    name: str
    value: Any
    refs: frozenset[str]
    file: str
    line: int


@dataclass
class Stack:
    """One deployable unit: a Terraform root module (with its modules) or a CloudFormation template."""

    framework: str
    path: str  # the root directory or template file
    resources: list[Resource] = field(default_factory=list)
    data_sources: list[Resource] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    variables: dict[str, Variable] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)  # terraform block, template metadata
    files: list[str] = field(default_factory=list)

    @cached_property
    def by_type(self) -> dict[str, list[Resource]]:
        index: dict[str, list[Resource]] = defaultdict(list)
        for res in self.resources:
            index[res.type].append(res)
        return index

    @cached_property
    def by_address(self) -> dict[str, Resource]:
        index: dict[str, Resource] = {}
        for res in self.resources:
            index[res.address] = res
            index.setdefault(res.base_address, res)
        return index

    @cached_property
    def referrers(self) -> dict[str, list[Resource]]:
        """Reverse references: address -> resources that refer to it or depend on it."""
        index: dict[str, list[Resource]] = defaultdict(list)
        for res in self.resources:
            for target in res.references | set(res.depends_on):
                index[target].append(res)
        return index

    def of_type(self, *types: str) -> list[Resource]:
        out: list[Resource] = []
        for t in types:
            out.extend(self.by_type.get(t, ()))
        return out

    def resolve(self, value: Any) -> Resource | None:
        """The resource an Unknown refers to, if it is in this stack.

        An output of a nested stack or module (`!GetAtt Network.Outputs.LbArn`, `module.x.y`) is a value
        the nested template defines, not the nested stack itself: it resolves to nothing."""
        if isinstance(value, Unknown) and value.target:
            if value.attr and value.attr.startswith("Outputs."):
                return None
            return self.by_address.get(value.target)
        return None

    def depends_transitively(self, res: Resource, target: str) -> bool:
        """True when `res` waits for `target` through references or depends_on (linear DFS)."""
        goal = self.by_address.get(target)
        seen: set[str] = set()
        todo = [res.address]
        while todo:
            addr = todo.pop()
            if addr in seen:
                continue
            seen.add(addr)
            node = self.by_address.get(addr)
            if node is None:
                continue
            for nxt in node.references | set(node.depends_on):
                if nxt == target or (goal is not None and self.by_address.get(nxt) is goal):
                    return True
                todo.append(nxt)
        return False
