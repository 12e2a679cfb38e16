#!/usr/bin/env python3
"""Generate ``src/stackcheck/data/tf_arn_arguments.json``.

The file lists, per Terraform AWS provider *resource* type (data sources are
never included), the argument paths whose value the provider validates as an
ARN.  stackcheck uses it to flag e.g. ``kms_key_id = aws_kms_key.k.id`` (a key
ID, not an ARN) on exactly those arguments and to stay silent elsewhere.

Output shape::

    {"_source": {"repo": ..., "version": ..., "commit": ...,
                 "generated_by": "tools/generate_arn_arguments.py", ...},
     "resources": {"aws_rds_cluster": ["kms_key_id", ...],
                   "aws_x": ["block.nested_attr", ...]}}

Paths are dotted attribute names: a top-level argument is ``name``; an argument
inside a nested block (at any depth) is ``block.inner.name``.  A list or set of
strings whose *elements* are validated as ARNs is listed under the attribute
path itself.

Two back ends produce the same shape; use exactly one.

``--provider-src DIR`` (static scan of the provider's Go source)
    DIR is an extracted provider tree (it must contain ``internal/service``;
    ``names/`` is used to resolve ``names.AttrXxx`` constants).  Go files are
    mapped to resource types via the ``// @SDKResource("aws_...")`` and
    ``// @FrameworkResource("aws_...")`` annotations, falling back to the
    ``Factory:``/``TypeName:`` pairs in ``service_package_gen.go``.  A small
    brace-matching scanner (aware of Go strings, raw strings, runes and
    comments) walks the schema literals so nesting is exact.  An attribute
    counts as ARN-validated when its ``ValidateFunc``/``ValidateDiagFunc``
    (SDKv2) or its ``Validators``/``CustomType``/``ElementType`` (plugin
    framework) mention an ARN validator: ``verify.ValidARN``,
    ``verify.ValidARNCheck(...)``, ``fwvalidators.ARN()``, ``fwtypes.ARNType``,
    ``fwtypes.ListOfARNType``/``SetOfARNType`` and the like, including when
    wrapped in ``validation.Any/All``, ``validation.ToDiagFunc``,
    ``listvalidator.ValueStringsAre`` and so on.

    Handled helper patterns:
      * ``Schema: map[...]{...}``, ``SchemaFunc: func() ... { return map... }``,
        ``Schema: fooSchema()`` / ``SchemaFunc: fooSchema`` where ``fooSchema``
        is a function anywhere in the same Go package;
      * ``Elem: &schema.Resource{...}``, ``Elem: &schema.Schema{...}`` and
        ``Elem: fooResource()`` (a same-package function returning one);
      * schema entries whose value is a same-package function call returning
        ``*schema.Schema``;
      * keys given as string literals, same-package constants or
        ``names.AttrXxx`` constants;
      * framework ``Schema`` methods with ``Attributes``/``Blocks`` maps,
        ``List/Set/SingleNestedBlock`` and ``...NestedAttribute`` objects.

    Not handled (each is skipped silently, so these are misses, not errors):
      * schema maps or attributes held in package-level *variables*, or built
        imperatively (``s["x"] = ...``, ``maps.Copy``, loops);
      * helpers from other packages (e.g. shared schema builders in
        ``internal/...`` outside the resource's package) and helpers that take
        parameters changing the result;
      * framework attributes returned by helper functions, and schemas
        assembled from a variable rather than a literal;
      * validators defined as same-package wrapper functions that call
        ``verify.ValidARN`` internally under another name;
      * ``validation.StringMatch`` regexes that only accept ``arn:...`` strings
        without naming an ARN validator.
    Expect a few percent of ARN-validated arguments to be missed by the scan;
    it never reads test files or data sources.

``--plugin-dir DIR`` (empirical probe of the released provider binary)
    This is how the committed data is made: it needs no provider source, and
    it exercises the real validators of the exact release, so it also sees
    what the static scan cannot (helpers in other packages, custom types,
    regexes that require ``arn:``, ``ValidateConfig`` checks).  It runs
    ``terraform providers schema -json`` and then, offline with
    ``-plugin-dir``, ``terraform validate`` over generated configurations that
    set every settable string / list(string) / set(string) argument of every
    resource (nested blocks at any depth included) to a literal KMS key ID,
    filling required arguments and blocks with dummy values.

    An argument is listed when the provider rejects the key ID with an error
    that is about an ARN (the shapes are listed at ``ARN_ERROR_KINDS``; enum
    errors that merely list "ARN" as a valid value are ignored) and that error
    is attributed to that argument: by the attribute path the message names
    (SDKv2 and framework messages carry it) or else by the line terraform
    points at.

    Round 1 probes up to ``--chunk`` arguments per resource block.  SDKv2
    skips an argument's validator when ``ConflictsWith``, ``ExactlyOneOf`` or
    ``RequiredWith`` fails for it, so later rounds re-probe what such an
    error (or a Terraform core error about the block) hid: first the
    conflicting subtree on its own, then one argument per block, then with
    the ``RequiredWith`` partners named in the message filled in.  Arguments
    still hidden after that are counted in ``_source.arguments_unverified``
    and listed on stderr.  ``--evidence FILE`` writes the provider's error
    text for every listed path.

    Cost: about a minute for all resource types except five with huge
    schemas (aws_quicksight_analysis/_dashboard/_template,
    aws_wafv2_rule_group/_web_acl), where Terraform core spends seconds per
    block and per diagnostic; probed in full they take well over half an
    hour.  The committed data probes those five with ``--arg-filter`` (only
    arguments whose name looks like a reference: arn, role, kms, key, id, ...;
    about 4,900 of their ~50,000 string arguments), which is recorded in
    ``_source.arg_filter``.  On the other resource types that filter would
    have missed 51 of 1,184 listed paths, so expect a few misses there.
    ``--only``, ``--exclude`` and ``--merge`` run such groups separately.

    The committed file was made with (about 7 minutes on 2 CPUs)::

        GIANTS="aws_quicksight_analysis aws_quicksight_dashboard \\
                aws_quicksight_template aws_wafv2_rule_group aws_wafv2_web_acl"
        COMMON="--plugin-dir /opt/tf-plugins --version v5.100.0 \\
                --commit f7a3b98da589ab1d52756b0dcee0dbf2de83d635"
        python3 tools/generate_arn_arguments.py $COMMON --exclude $GIANTS
        python3 tools/generate_arn_arguments.py $COMMON --only $GIANTS \\
            --chunk 500 --merge --arg-filter \\
            'arn|role|kms|key|secret|principal|certificate|topic|queue|lambda|function|bucket|stream|vault|source|target|destination|identifier|_id$|_ids$|resource|account|policy|alias'

    The commit is the ``vcs.revision`` the released 5.100.0 binary carries
    in its Go build info (``go version -m``, or ``strings`` on the binary).

    Not probed: map-typed arguments, numbers/bools, and arguments that cannot
    be set (computed-only).  An ARN check that only fires in combination with
    other values (e.g. inside ``CustomizeDiff`` or at apply time) is not seen,
    since ``terraform validate`` never runs those.

Stdlib only; Python 3.11.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = "hashicorp/terraform-provider-aws"
GENERATED_BY = "tools/generate_arn_arguments.py"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src/stackcheck/data/tf_arn_arguments.json"
PROVIDER_ADDR = "registry.terraform.io/hashicorp/aws"

# --------------------------------------------------------------------------
# Go source scanning
# --------------------------------------------------------------------------

ARN_VALIDATOR_RE = re.compile(
    r"\bverify\.ValidARN\w*"  # verify.ValidARN, verify.ValidARNCheck(...)
    r"|\bfwvalidators\.ARN\w*\s*\("  # fwvalidators.ARN()
    r"|\bvalidators\.ARN\w*\s*\("
    r"|\bfwtypes\.(?:ARNType|ListOfARNType|SetOfARNType)\b"
)

OPEN_TO_CLOSE = {"{": "}", "(": ")", "[": "]"}


def strip_comments(src: str) -> str:
    """Blank out Go comments (keeping offsets) and leave strings intact."""
    out = list(src)
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c in "\"'`":
            i = _skip_string(src, i)
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = " "
            i = j
            continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if out[k] != "\n":
                    out[k] = " "
            i = j
            continue
        i += 1
    return "".join(out)


def _skip_string(src: str, i: int) -> int:
    """Return the index just past the Go string/rune literal starting at i."""
    quote = src[i]
    j = i + 1
    n = len(src)
    if quote == "`":
        end = src.find("`", j)
        return n if end < 0 else end + 1
    while j < n:
        c = src[j]
        if c == "\\":
            j += 2
            continue
        if c == quote or c == "\n":
            return j + 1
        j += 1
    return n


def match_close(src: str, open_idx: int) -> int:
    """Index of the bracket closing the one at open_idx (comments stripped)."""
    stack = [OPEN_TO_CLOSE[src[open_idx]]]
    i = open_idx + 1
    n = len(src)
    while i < n:
        c = src[i]
        if c in "\"'`":
            i = _skip_string(src, i)
            continue
        if c in OPEN_TO_CLOSE:
            stack.append(OPEN_TO_CLOSE[c])
        elif c in ")]}":
            if not stack or stack.pop() != c:
                raise ValueError(f"unbalanced {c!r} at {i}")
            if not stack:
                return i
        i += 1
    raise ValueError(f"no close for {src[open_idx]!r} at {open_idx}")


def split_top_level(body: str, sep: str = ",") -> list[str]:
    """Split body at top-level occurrences of sep (not inside brackets/strings)."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c in "\"'`":
            i = _skip_string(body, i)
            continue
        if c in OPEN_TO_CLOSE:
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return [p.strip() for p in parts if p.strip()]


def split_key_value(entry: str) -> tuple[str, str] | None:
    """Split ``key: value`` at the first top-level colon."""
    parts = split_top_level(entry, ":")
    if len(parts) < 2:
        return None
    colon = _top_level_index(entry, ":")
    return entry[:colon].strip(), entry[colon + 1 :].strip()


def _top_level_index(text: str, ch: str) -> int:
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c in "\"'`":
            i = _skip_string(text, i)
            continue
        if c in OPEN_TO_CLOSE:
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == ch and depth == 0:
            return i
        i += 1
    return -1


def composite_body(expr: str, type_prefix_re: str = r"") -> str | None:
    """Body of a composite literal ``[&]Type{...}`` or ``{...}`` that *is* expr."""
    m = re.match(r"\s*&?\s*" + type_prefix_re + r"[\w.\[\]*]*\s*\{", expr)
    if not m:
        return None
    open_idx = m.end() - 1
    try:
        close = match_close(expr, open_idx)
    except ValueError:
        return None
    if expr[close + 1 :].strip():
        return None
    return expr[open_idx + 1 : close]


def fields_of(body: str) -> dict[str, str]:
    """Keyed fields of a struct composite literal body."""
    result: dict[str, str] = {}
    for entry in split_top_level(body):
        kv = split_key_value(entry)
        if kv and re.fullmatch(r"\w+", kv[0]):
            result[kv[0]] = kv[1]
    return result


def find_literal(text: str, type_re: str, start: int = 0) -> str | None:
    """Body of the first composite literal of a type matching type_re.

    A match preceded by ``)`` is a function's result type followed by its
    body (``func() map[string]*schema.Schema {``), not a literal: skip it.
    """
    for m in re.compile(type_re + r"\s*\{").finditer(text, start):
        if text[: m.start()].rstrip().endswith(")"):
            continue
        open_idx = m.end() - 1
        try:
            return text[open_idx + 1 : match_close(text, open_idx)]
        except ValueError:
            return None
    return None


@dataclass
class GoPackage:
    """The Go files of one package directory, comments stripped."""

    directory: Path
    files: dict[Path, str] = field(default_factory=dict)
    _funcs: dict[str, str] | None = None

    @property
    def funcs(self) -> dict[str, str]:
        """Function name -> body, for package-level funcs and methods."""
        if self._funcs is None:
            self._funcs = {}
            head = re.compile(r"^func\s+(\([^)]*\)\s*)?(\w+)\s*(\[[^\]]*\])?\(", re.M)
            for src in self.files.values():
                for m in head.finditer(src):
                    body = _func_body(src, m.end() - 1)
                    if body is None:
                        continue
                    recv = m.group(1) or ""
                    key = m.group(2)
                    rtype = re.search(r"\*?\s*(\w+)\s*\)\s*$", recv)
                    if rtype:
                        key = f"{rtype.group(1)}.{key}"
                    self._funcs.setdefault(key, body)
        return self._funcs


def _func_body(src: str, paren_idx: int) -> str | None:
    """Body text of the function whose parameter list opens at paren_idx."""
    try:
        i = match_close(src, paren_idx) + 1
        # Skip result types, which may themselves contain brackets/braces
        # (e.g. ``map[string]*schema.Schema`` or ``func() error``).
        while i < len(src):
            c = src[i]
            if c == "{":
                if re.search(r"(?:struct|interface)\s*$", src[:i]):
                    i = match_close(src, i) + 1
                    continue
                return src[i + 1 : match_close(src, i)]
            if c in "([":
                i = match_close(src, i) + 1
                continue
            if c == "\n" and not src[:i].rstrip().endswith((",", "(")):
                # a declaration without a body
                tail = src[paren_idx:i]
                if tail.count("(") == tail.count(")"):
                    return None
            i += 1
    except ValueError:
        return None
    return None


class ConstTable:
    """String constants: ``(package_dir_name, Name) -> value``."""

    def __init__(self) -> None:
        self.by_pkg: dict[tuple[str, str], str] = {}

    def load(self, pkg_name: str, src: str) -> None:
        for block in re.finditer(r"^const\s*\(", src, re.M):
            try:
                body = src[block.end() : match_close(src, block.end() - 1)]
            except ValueError:
                continue
            for m in re.finditer(r"^\s*(\w+)\s*(?:string\s*)?=\s*\"([^\"\\]*)\"", body, re.M):
                self.by_pkg.setdefault((pkg_name, m.group(1)), m.group(2))
        for m in re.finditer(r"^const\s+(\w+)\s*(?:string\s*)?=\s*\"([^\"\\]*)\"", src, re.M):
            self.by_pkg.setdefault((pkg_name, m.group(1)), m.group(2))

    def resolve(self, expr: str, pkg_name: str) -> str | None:
        expr = expr.strip()
        if m := re.fullmatch(r'"([^"\\]*)"', expr):
            return m.group(1)
        if m := re.fullmatch(r"`([^`]*)`", expr):
            return m.group(1)
        if m := re.fullmatch(r"(\w+)\.(\w+)", expr):
            return self.by_pkg.get((m.group(1), m.group(2)))
        if re.fullmatch(r"\w+", expr):
            return self.by_pkg.get((pkg_name, expr))
        return None


@dataclass
class ScanStats:
    """Counters describing how much of the tree the scan understood."""

    resources_annotated: int = 0
    resources_parsed: int = 0
    unparsed: list[str] = field(default_factory=list)


class SourceScanner:
    """Static scan of an extracted terraform-provider-aws source tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.consts = ConstTable()
        self.packages: dict[Path, GoPackage] = {}
        self.stats = ScanStats()
        self.seen: set[str] = set()
        self._load()

    def _load(self) -> None:
        service_root = self.root / "internal" / "service"
        if not service_root.is_dir():
            raise SystemExit(f"{service_root} not found: not a provider source tree")
        dirs = [service_root, self.root / "names", self.root / "internal"]
        seen: set[Path] = set()
        for base in dirs:
            if not base.is_dir():
                continue
            for path in sorted(base.rglob("*.go")):
                if path in seen or path.name.endswith("_test.go"):
                    continue
                seen.add(path)
                src = strip_comments(path.read_text(encoding="utf-8", errors="replace"))
                self.consts.load(path.parent.name, src)
                if service_root in path.parents:
                    pkg = self.packages.setdefault(path.parent, GoPackage(path.parent))
                    pkg.files[path] = src

    # -- resource discovery -------------------------------------------------

    def resources(self) -> Iterator[tuple[str, str, GoPackage, str]]:
        """Yield (type_name, kind, package, factory_function_name)."""
        annot = re.compile(r'^//\s*@(SDKResource|FrameworkResource)\(\s*"(aws_\w+)"', re.M)
        func = re.compile(r"^func\s+(\w+)\s*\(", re.M)
        for pkg in self.packages.values():
            found: dict[str, tuple[str, str]] = {}
            for path in pkg.files:
                raw = path.read_text(encoding="utf-8", errors="replace")
                for m in annot.finditer(raw):
                    fm = func.search(raw, m.end())
                    if fm:
                        found[m.group(2)] = (m.group(1), fm.group(1))
            for name, (kind, factory) in self._registrations(pkg).items():
                found.setdefault(name, (kind, factory))
            for name, (kind, factory) in sorted(found.items()):
                self.stats.resources_annotated += 1
                self.seen.add(name)
                yield name, kind, pkg, factory

    def _registrations(self, pkg: GoPackage) -> dict[str, tuple[str, str]]:
        """Fallback: ``Factory``/``TypeName`` pairs in service_package_gen.go."""
        result: dict[str, tuple[str, str]] = {}
        for path in pkg.files:
            if path.name != "service_package_gen.go":
                continue
            for kind, method in (
                ("SDKResource", "SDKResources"),
                ("FrameworkResource", "FrameworkResources"),
            ):
                body = pkg.funcs.get(f"servicePackage.{method}")
                if not body:
                    continue
                for entry in re.finditer(r"\{", body):
                    try:
                        inner = body[entry.start() + 1 : match_close(body, entry.start())]
                    except ValueError:
                        continue
                    f = fields_of(inner)
                    if "Factory" in f and "TypeName" in f:
                        tn = self.consts.resolve(f["TypeName"], pkg.directory.name)
                        if tn:
                            result[tn] = (kind, f["Factory"].strip())
        return result

    # -- SDKv2 ----------------------------------------------------------------

    def scan(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name, kind, pkg, factory in self.resources():
            try:
                if kind == "SDKResource":
                    paths = self._sdk_resource(pkg, factory)
                else:
                    paths = self._fw_resource(pkg, factory)
            except (ValueError, RecursionError):
                paths = None
            if paths is None:
                self.stats.unparsed.append(name)
                continue
            self.stats.resources_parsed += 1
            if paths:
                out[name] = sorted(set(paths))
        return dict(sorted(out.items()))

    def _sdk_resource(self, pkg: GoPackage, factory: str) -> list[str] | None:
        body = pkg.funcs.get(factory)
        if body is None:
            return None
        res = find_literal(body, r"&schema\.Resource")
        if res is None:
            return None
        return self._sdk_resource_fields(pkg, fields_of(res), "", 0)

    def _sdk_resource_fields(
        self, pkg: GoPackage, f: dict[str, str], prefix: str, depth: int
    ) -> list[str] | None:
        expr = f.get("Schema") or f.get("SchemaFunc")
        if expr is None:
            return None
        schema_map = self._sdk_schema_map(pkg, expr)
        if schema_map is None:
            return None
        return self._sdk_map(pkg, schema_map, prefix, depth)

    def _sdk_schema_map(self, pkg: GoPackage, expr: str) -> str | None:
        """Body of the ``map[string]*schema.Schema{...}`` that expr denotes."""
        lit = find_literal(expr, r"map\[string\]\*schema\.Schema")
        if lit is not None:
            return lit
        m = re.fullmatch(r"(\w+)(?:\(\s*\))?", expr.strip())
        if m and m.group(1) in pkg.funcs:
            return find_literal(pkg.funcs[m.group(1)], r"map\[string\]\*schema\.Schema")
        return None

    def _sdk_map(self, pkg: GoPackage, body: str, prefix: str, depth: int) -> list[str]:
        found: list[str] = []
        if depth > 12:
            return found
        for entry in split_top_level(body):
            kv = split_key_value(entry)
            if kv is None:
                continue
            key = self.consts.resolve(kv[0], pkg.directory.name)
            if key is None:
                continue
            path = f"{prefix}{key}"
            schema_body = self._sdk_schema_body(pkg, kv[1])
            if schema_body is None:
                continue
            found.extend(self._sdk_schema(pkg, fields_of(schema_body), path, depth))
        return found

    def _sdk_schema_body(self, pkg: GoPackage, expr: str) -> str | None:
        body = composite_body(expr, r"(?:schema\.Schema)?")
        if body is not None:
            return body
        m = re.fullmatch(r"(\w+)\(\s*\)", expr.strip())
        if m and m.group(1) in pkg.funcs:
            return find_literal(pkg.funcs[m.group(1)], r"&schema\.Schema")
        return None

    def _sdk_schema(self, pkg: GoPackage, f: dict[str, str], path: str, depth: int) -> list[str]:
        found: list[str] = []
        settable = "Optional" in f or "Required" in f
        validators = " ".join(f.get(k, "") for k in ("ValidateFunc", "ValidateDiagFunc"))
        if settable and ARN_VALIDATOR_RE.search(validators):
            found.append(path)
        elem = f.get("Elem")
        if elem:
            res = composite_body(elem, r"schema\.Resource")
            sch = composite_body(elem, r"schema\.Schema")
            if res is None and sch is None:
                m = re.fullmatch(r"(\w+)\(\s*\)", elem.strip())
                if m and m.group(1) in pkg.funcs:
                    fb = pkg.funcs[m.group(1)]
                    res = find_literal(fb, r"&schema\.Resource")
                    if res is None:
                        sch = find_literal(fb, r"&schema\.Schema")
            if res is not None:
                sub = self._sdk_resource_fields(pkg, fields_of(res), f"{path}.", depth + 1)
                found.extend(sub or [])
            elif sch is not None and settable:
                ef = fields_of(sch)
                ev = " ".join(ef.get(k, "") for k in ("ValidateFunc", "ValidateDiagFunc"))
                if ARN_VALIDATOR_RE.search(ev):
                    found.append(path)
        return found

    # -- plugin framework -----------------------------------------------------

    def _fw_resource(self, pkg: GoPackage, factory: str) -> list[str] | None:
        body = pkg.funcs.get(factory)
        candidates: list[str] = []
        if body is not None:
            candidates = re.findall(r"&(\w+)\s*\{", body)
        schema_body = None
        for rtype in candidates:
            schema_body = pkg.funcs.get(f"{rtype}.Schema")
            if schema_body:
                break
        if schema_body is None:
            return None
        lit = find_literal(schema_body, r"(?<![\w.])schema\.Schema")
        if lit is None:
            return None
        return self._fw_object(pkg, fields_of(lit), "", 0)

    def _fw_object(self, pkg: GoPackage, f: dict[str, str], prefix: str, depth: int) -> list[str]:
        found: list[str] = []
        if depth > 12:
            return found
        attrs = f.get("Attributes")
        if attrs:
            body = find_literal(attrs, r"map\[string\]schema\.Attribute")
            for key, value in self._fw_entries(pkg, body):
                found.extend(self._fw_attribute(pkg, value, f"{prefix}{key}", depth))
        blocks = f.get("Blocks")
        if blocks:
            body = find_literal(blocks, r"map\[string\]schema\.Block")
            for key, value in self._fw_entries(pkg, body):
                inner = composite_body(value, r"schema\.\w+Block")
                if inner is None:
                    continue
                bf = fields_of(inner)
                nested = bf.get("NestedObject")
                if nested:
                    nb = composite_body(nested, r"schema\.NestedBlockObject")
                    if nb is not None:
                        bf = fields_of(nb)
                found.extend(self._fw_object(pkg, bf, f"{prefix}{key}.", depth + 1))
        return found

    def _fw_entries(self, pkg: GoPackage, body: str | None) -> Iterator[tuple[str, str]]:
        if not body:
            return
        for entry in split_top_level(body):
            kv = split_key_value(entry)
            if kv is None:
                continue
            key = self.consts.resolve(kv[0], pkg.directory.name)
            if key is not None:
                yield key, kv[1]

    def _fw_attribute(self, pkg: GoPackage, value: str, path: str, depth: int) -> list[str]:
        body = composite_body(value, r"schema\.\w+Attribute")
        if body is None:
            return []
        f = fields_of(body)
        nested = f.get("NestedObject")
        if nested:
            nb = composite_body(nested, r"schema\.NestedAttributeObject")
            if nb is not None:
                return self._fw_object(pkg, fields_of(nb), f"{path}.", depth + 1)
            return []
        if not ("Optional" in f or "Required" in f):
            return []
        text = " ".join(f.get(k, "") for k in ("CustomType", "ElementType", "Validators"))
        return [path] if ARN_VALIDATOR_RE.search(text) else []


# --------------------------------------------------------------------------
# Empirical probe with terraform validate
# --------------------------------------------------------------------------

PROBE_VALUE = "1234abcd-12ab-34cd-56ef-1234567890ab"
# Errors that say a value must be an ARN.  Shapes seen with provider 5.100.0:
#   verify.ValidARN           "x" (v) is an invalid ARN: arn: invalid prefix
#   verify.ValidARNCheck      "x" (v) is not a valid ARN: ...
#   fwtypes.ARNType           Invalid ARN Value / cannot be parsed as an ARN
#   fwvalidators.ARN()        An Amazon Resource Name value must be a valid ARN
#   StringMatch(^arn:...)     expected value of x to match regular expression "^arn:..."
#   StringMatch(.., msg)      invalid value for x (must be a valid ... ARN ...)
ARN_ERROR_RE = re.compile(r"\bARNs?\b|\barn:|\bArn\b")
ARN_ERROR_KINDS = (
    (re.compile(r"is an invalid ARN"), "is an invalid ARN (verify.ValidARN)"),
    (re.compile(r"is not a valid ARN"), "is not a valid ARN (verify.ValidARNCheck)"),
    (re.compile(r"Invalid ARN Value"), "Invalid ARN Value (fwtypes.ARNType)"),
    (re.compile(r"An Amazon Resource Name"), "must be a valid ARN (fwvalidators.ARN)"),
    (re.compile(r"regular expression"), "regular expression requiring arn:"),
    (re.compile(r"invalid value for|^Invalid \w+ "), "custom message naming an ARN"),
)
# Enum errors can list "ARN" among the valid values; they are not ARN checks.
NOT_ARN_ERROR_RE = re.compile(r"Enum Value|to be one of|Valid Values", re.I)
# Where SDKv2 / framework messages name the attribute they are about.
MESSAGE_PATH_RES = (
    re.compile(r'^\s*"([\w.]+)" \('),
    re.compile(r"expected value of ([\w.]+) to match"),
    re.compile(r"invalid value for ([\w.]+) \("),
    re.compile(r"Path: (\S.*)"),
    re.compile(r"^Invalid ([a-z_][\w.]*)$"),
)
EARLY_RETURN_RE = re.compile(
    r"conflicts with|only one of|all of `|one of `|must be specified|"
    r"Conflicting configuration|Invalid combination|Missing required",
    re.I,
)
REQUIRED_WITH_RE = re.compile(r"all of `([^`]*)` must be specified")
PROVIDER_BLOCK = """provider "aws" {
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  access_key                  = "x"
  secret_key                  = "y"
}
"""

Path_ = tuple[str, ...]
# A selection tree: name -> None (probe target), "fill" (dummy), or a subtree.
Tree = dict[str, Any]


def is_target_type(t: Any) -> bool:
    return t == "string" or t in (["list", "string"], ["set", "string"])


def hcl_string(s: str) -> str:
    return json.dumps(s)


def dummy_value(t: Any) -> str:
    """An HCL expression conforming to cty type t."""
    if t == "string" or t == "dynamic":
        return '"x"'
    if t == "number":
        return "1"
    if t == "bool":
        return "false"
    if isinstance(t, list):
        kind = t[0]
        if kind in ("list", "set"):
            return f"[{dummy_value(t[1])}]"
        if kind == "map":
            return f"{{ k = {dummy_value(t[1])} }}"
        if kind == "object":
            inner = ", ".join(f"{k} = {dummy_value(v)}" for k, v in sorted(t[1].items()))
            return f"{{ {inner} }}"
        if kind == "tuple":
            return "[" + ", ".join(dummy_value(v) for v in t[1]) + "]"
    return "null"


def probe_value(t: Any) -> str:
    return hcl_string(PROBE_VALUE) if t == "string" else f"[{hcl_string(PROBE_VALUE)}]"


def schema_targets(block: dict[str, Any], prefix: Path_ = ()) -> Iterator[Path_]:
    """Settable string / list(string) / set(string) attribute paths."""
    for name, attr in sorted(block.get("attributes", {}).items()):
        if "nested_type" in attr:
            yield from schema_targets(attr["nested_type"], (*prefix, name))
            continue
        if (attr.get("required") or attr.get("optional")) and is_target_type(attr.get("type")):
            yield (*prefix, name)
    for name, bt in sorted(block.get("block_types", {}).items()):
        yield from schema_targets(bt["block"], (*prefix, name))


def tree_of(paths: list[Path_], fills: list[Path_] | None = None) -> Tree:
    """Selection tree: targets get the probe value, fills a dummy value."""
    tree: Tree = {}
    for paths_, leaf in ((fills or [], "fill"), (paths, None)):
        for p in paths_:
            node = tree
            for part in p[:-1]:
                nxt = node.get(part)
                if not isinstance(nxt, dict):
                    nxt = {}
                    node[part] = nxt
                node = nxt
            if not isinstance(node.get(p[-1]), dict):
                node[p[-1]] = leaf
    return tree


@dataclass
class RenderedFile:
    """HCL text and where each probe target / nested block landed."""

    lines: list[str] = field(default_factory=list)
    # 1-based line -> (resource name, path)
    targets: dict[int, tuple[str, Path_]] = field(default_factory=dict)
    blocks: dict[int, tuple[str, Path_]] = field(default_factory=dict)
    resource_lines: dict[str, tuple[int, int]] = field(default_factory=dict)


def render_body(
    block: dict[str, Any], tree: Tree, indent: int, path: Path_, rname: str, out: RenderedFile
) -> None:
    pad = "  " * indent
    for name, attr in sorted(block.get("attributes", {}).items()):
        sel = tree.get(name, "absent")
        if "nested_type" in attr:
            if isinstance(sel, dict) or attr.get("required") or sel == "fill":
                render_nested_attr(
                    attr, sel if isinstance(sel, dict) else {}, indent, (*path, name), rname, out, name
                )
            continue
        if sel is None:
            out.lines.append(f"{pad}{name} = {probe_value(attr['type'])}")
            out.targets[len(out.lines)] = (rname, (*path, name))
        elif sel == "fill" or attr.get("required"):
            out.lines.append(f"{pad}{name} = {dummy_value(attr['type'])}")
    for name, bt in sorted(block.get("block_types", {}).items()):
        sel = tree.get(name, "absent")
        need = int(bt.get("min_items", 0) or 0)
        if isinstance(sel, dict):
            count = max(1, need)
        elif need > 0 or sel == "fill":
            count = max(1, need)
            sel = {}
        else:
            continue
        for i in range(count):
            label = f' "k{i}"' if bt["nesting_mode"] == "map" else ""
            out.lines.append(f"{pad}{name}{label} {{")
            out.blocks[len(out.lines)] = (rname, (*path, name))
            render_body(bt["block"], sel if i == 0 else {}, indent + 1, (*path, name), rname, out)
            out.lines.append(f"{pad}}}")


def render_nested_attr(
    attr: dict[str, Any],
    tree: Tree,
    indent: int,
    path: Path_,
    rname: str,
    out: RenderedFile,
    name: str,
) -> None:
    pad = "  " * indent
    mode = attr["nested_type"]["nesting_mode"]
    opener, closer = {"single": ("{", "}"), "map": ("{ k0 = {", "} }")}.get(mode, ("[{", "}]"))
    out.lines.append(f"{pad}{name} = {opener}")
    out.blocks[len(out.lines)] = (rname, path)
    inner = attr["nested_type"]
    sub = RenderedFile()
    render_body(inner, tree, indent + 1, path, rname, sub)
    base = len(out.lines)
    out.lines.extend(sub.lines)
    out.targets.update({base + k: v for k, v in sub.targets.items()})
    out.blocks.update({base + k: v for k, v in sub.blocks.items()})
    out.lines.append(f"{pad}{closer}")


def render_resource(rtype: str, rname: str, schema: dict[str, Any], tree: Tree, out: RenderedFile) -> None:
    out.lines.append(f'resource "{rtype}" "{rname}" {{')
    start = len(out.lines)
    render_body(schema["block"], tree, 1, (), rname, out)
    out.lines.append("}")
    out.resource_lines[rname] = (start, len(out.lines))


KEY_PREFIX_RE = re.compile(r'^\s*"([\w.]+)":')


@dataclass(frozen=True)
class Group:
    """One probe block: targets get the probe value, fills a dummy value."""

    rtype: str
    targets: tuple[Path_, ...]
    fills: tuple[Path_, ...] = ()


@dataclass
class BlockResult:
    """What terraform validate said about one probe block."""

    group: Group
    arn: set[Path_] = field(default_factory=set)
    # attribute path whose check returned early (None: the whole block) ->
    # RequiredWith partners named in the message
    flagged: dict[Path_ | None, list[Path_]] = field(default_factory=dict)


def _path_of(key: str) -> Path_:
    """``a.0.b`` / ``a[0].b`` / ``a[Value({...})].b`` -> ("a", "b")."""
    out: list[str] = []
    depth = 0
    for ch in key.strip():
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            if ch.isspace():
                break
            out.append(ch)
    return tuple(p for p in "".join(out).split(".") if p and not p.isdigit())


def _message_path(summary: str, detail: str) -> Path_ | None:
    for pattern in MESSAGE_PATH_RES:
        for text in (summary, detail):
            if m := pattern.search(text):
                return _path_of(m.group(1))
    return None


class Prober:
    """Drives terraform validate against the provider binary in plugin_dir."""

    def __init__(self, plugin_dir: Path, terraform: str, workdir: Path) -> None:
        self.terraform = terraform
        self.env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1")
        cli_cfg = workdir / "terraformrc"
        cli_cfg.write_text("")
        self.env["TF_CLI_CONFIG_FILE"] = str(cli_cfg)
        self.rundir = workdir / "run"
        self.rundir.mkdir(parents=True, exist_ok=True)
        (self.rundir / "provider.tf").write_text(PROVIDER_BLOCK)
        self.evidence: dict[tuple[str, Path_], str] = {}
        self.unmapped_arn_errors: list[str] = []
        self._schemas: dict[str, Any] = {}
        self._tf("init", "-backend=false", f"-plugin-dir={plugin_dir}", "-input=false")

    def _tf(self, *args: str) -> str:
        proc = subprocess.run(
            [self.terraform, *args],
            cwd=self.rundir,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode not in (0, 1) or (args[0] == "init" and proc.returncode):
            raise SystemExit(f"terraform {args[0]} failed:\n{proc.stderr[-4000:]}")
        return proc.stdout

    def schema(self) -> dict[str, Any]:
        data = json.loads(self._tf("providers", "schema", "-json"))
        return data["provider_schemas"][PROVIDER_ADDR]

    def terraform_version(self) -> str:
        return json.loads(self._tf("version", "-json")).get("terraform_version", "")

    def run(self, schemas: dict[str, Any], groups: list[Group]) -> list[BlockResult]:
        """Validate one configuration holding a block per group."""
        self._schemas = schemas
        for old in self.rundir.glob("r_*.tf"):
            old.unlink()
        by_type: dict[str, list[tuple[str, Group]]] = {}
        for idx, group in enumerate(groups):
            by_type.setdefault(group.rtype, []).append((f"g{idx}", group))
        files: dict[str, RenderedFile] = {}
        results: dict[tuple[str, str], BlockResult] = {}
        for rtype, named in by_type.items():
            rendered = RenderedFile()
            for rname, group in named:
                tree = tree_of(list(group.targets), list(group.fills))
                render_resource(rtype, rname, schemas[rtype], tree, rendered)
                results[(rtype, rname)] = BlockResult(group)
            fname = f"r_{rtype}.tf"
            (self.rundir / fname).write_text("\n".join(rendered.lines) + "\n")
            files[fname] = rendered
        out = json.loads(self._tf("validate", "-json", "-no-color"))
        for diag in out.get("diagnostics", []):
            self._classify(diag, files, results)
        return list(results.values())

    def _classify(
        self,
        diag: dict[str, Any],
        files: dict[str, RenderedFile],
        results: dict[tuple[str, str], BlockResult],
    ) -> None:
        if diag.get("severity") != "error":
            return
        rng = diag.get("range") or {}
        fname = rng.get("filename", "")
        rendered = files.get(fname)
        if rendered is None:
            return
        rtype = fname[2:-3]
        line = rng.get("start", {}).get("line", 0)
        block = next((n for n, (lo, hi) in rendered.resource_lines.items() if lo <= line <= hi), None)
        if block is None:
            return
        result = results[(rtype, block)]
        if not diag.get("address"):
            # Terraform core rejected the block: the provider never validated it.
            result.flagged.setdefault(None, [])
            return
        summary = diag.get("summary", "")
        text = f"{summary} {diag.get('detail', '')}"
        if ARN_ERROR_RE.search(text) and not NOT_ARN_ERROR_RE.search(text):
            # Trust the path the message names over the line terraform
            # attributes it to (paths into sets or conflicting siblings can be
            # placed on the wrong line); fall back to the line.
            tpath: Path_ | None = None
            named = _message_path(summary, diag.get("detail", ""))
            on_line = rendered.targets[line][1] if line in rendered.targets else None
            if named is None:
                tpath = on_line
            elif named in result.group.targets:
                tpath = named
            else:
                # ValidateDiagFunc wrappers name only the last path step.
                ends = [t for t in result.group.targets if t[-len(named) :] == named]
                top_level = self._schemas[rtype]["block"].get("attributes", {})
                if on_line in ends:
                    tpath = on_line
                elif len(ends) == 1 and not (len(named) == 1 and named[0] in top_level):
                    tpath = ends[0]
            if tpath is None:
                self.unmapped_arn_errors.append(f"{rtype}.{block}: {text.strip()[:200]}")
                return
            result.arn.add(tpath)
            self.evidence.setdefault((rtype, tpath), text.strip())
            return
        if not EARLY_RETURN_RE.search(text):
            return
        key = KEY_PREFIX_RE.match(diag.get("detail", "")) or KEY_PREFIX_RE.match(summary)
        keypath: Path_ | None
        if key:
            keypath = _path_of(key.group(1))
        elif line in rendered.targets:
            keypath = rendered.targets[line][1]
        elif line in rendered.blocks:
            keypath = rendered.blocks[line][1]
        else:
            keypath = None
        partners: list[Path_] = []
        if m := REQUIRED_WITH_RE.search(text):
            partners = [_path_of(s) for s in m.group(1).split(",") if s.strip()]
        result.flagged.setdefault(keypath, []).extend(partners)


def run_probe(
    plugin_dir: Path,
    terraform: str,
    wanted: Callable[[str], bool],
    keep: Path | None,
    evidence_out: Path | None = None,
    arg_filter: re.Pattern[str] | None = None,
    batch: int = 3000,
    max_rounds: int = 6,
    chunk: int = 1000,
) -> tuple[dict[str, list[str]], dict[str, Any], list[str]]:
    """Probe the wanted resource types.

    Returns (resources, extra ``_source`` fields, resource types probed).
    """
    workdir = keep or Path(tempfile.mkdtemp(prefix="arnprobe-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        prober = Prober(plugin_dir, terraform, workdir)
        schemas: dict[str, Any] = prober.schema()["resource_schemas"]
        types = sorted(t for t in schemas if wanted(t))
        targets = {
            t: [
                p
                for p in schema_targets(schemas[t]["block"])
                if p != ("id",) and (arg_filter is None or arg_filter.search(p[-1]))
            ]
            for t in types
        }
        found: set[tuple[str, Path_]] = set()
        unresolved: set[tuple[str, Path_]] = set()
        done: set[Group] = set()
        # Round 1: the targets of a resource type in blocks of at most `chunk`
        # (terraform's cost per diagnostic grows with block size).  Later rounds
        # re-probe what an early return (ConflictsWith, ExactlyOneOf,
        # RequiredWith) or a core error hid: first per conflicting subtree,
        # then one target at a time, then with RequiredWith partners set.
        groups = [
            Group(t, tuple(targets[t][i : i + chunk]))
            for t in types
            for i in range(0, len(targets[t]), chunk)
        ]
        for round_no in range(1, max_rounds + 1):
            if not groups:
                break
            done.update(groups)
            results: list[BlockResult] = []
            for start in range(0, len(groups), batch):
                results.extend(prober.run(schemas, groups[start : start + batch]))
            nxt: list[Group] = []
            for res in results:
                found.update((res.group.rtype, p) for p in res.arn)
            for res in results:
                nxt.extend(_follow_up(res, found, unresolved))
            groups = [g for g in dict.fromkeys(nxt) if g not in done]
            print(
                f"round {round_no} ({len(results)} blocks): {len(found)} ARN arguments so far, "
                f"{len(groups)} blocks to re-probe",
                file=sys.stderr,
            )
        for g in groups:  # rounds exhausted
            unresolved.update((g.rtype, p) for p in g.targets)
        unresolved -= found
        for rtype, tpath in sorted(unresolved):
            print(f"unverified: {rtype}.{'.'.join(tpath)}", file=sys.stderr)
        result: dict[str, list[str]] = {}
        for rtype, tpath in sorted(found):
            result.setdefault(rtype, []).append(".".join(tpath))
        info = {
            "terraform_version": prober.terraform_version(),
            "resource_types_probed": len(types),
            "arguments_probed": sum(len(v) for v in targets.values()),
            "arguments_unverified": len(unresolved),
            "error_kinds": _error_kinds(prober.evidence.values()),
        }
        if prober.unmapped_arn_errors:
            # ARN errors on dummy-filled required arguments land here too.
            info["arn_errors_not_on_a_probed_argument"] = len(prober.unmapped_arn_errors)
            for row in prober.unmapped_arn_errors[:40]:
                print(f"not on a probed argument: {row}", file=sys.stderr)
        if evidence_out:
            rows = {f"{t}.{'.'.join(p)}": msg for (t, p), msg in sorted(prober.evidence.items())}
            evidence_out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
        return {k: sorted(set(v)) for k, v in sorted(result.items())}, info, types
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def _error_kinds(texts: Iterable[str]) -> dict[str, int]:
    """How many listed paths were found through each kind of ARN error."""
    counts: dict[str, int] = {}
    for text in texts:
        kind = next((label for rx, label in ARN_ERROR_KINDS if rx.search(text)), "other")
        counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def _follow_up(
    res: BlockResult, found: set[tuple[str, Path_]], unresolved: set[tuple[str, Path_]]
) -> list[Group]:
    """Groups to probe next for the targets an early return hid in res."""
    group = res.group
    nxt: list[Group] = []
    for keypath, partners in res.flagged.items():
        affected = tuple(
            p
            for p in group.targets
            if (keypath is None or p[: len(keypath)] == keypath) and (group.rtype, p) not in found
        )
        if not affected:
            continue
        if len(group.targets) > 1:
            if len(affected) < len(group.targets):
                nxt.append(Group(group.rtype, affected))
            else:
                nxt.extend(Group(group.rtype, (p,)) for p in affected)
        elif partners and not group.fills:
            fills = tuple(p for p in dict.fromkeys(partners) if p != group.targets[0])
            nxt.append(Group(group.rtype, group.targets, fills))
        else:
            unresolved.add((group.rtype, group.targets[0]))
    return nxt


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def write_output(path: Path, source: dict[str, Any], resources: dict[str, list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"_source": source, "resources": resources}
    path.write_text(json.dumps(doc, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--provider-src", type=Path, help="extracted provider source tree")
    mode.add_argument(
        "--plugin-dir", type=Path, help="terraform -plugin-dir holding the provider binary (probe mode)"
    )
    parser.add_argument("--version", required=True, help="provider version label, e.g. v5.100.0")
    parser.add_argument("--commit", required=True, help="provider commit the data comes from")
    parser.add_argument("--terraform", default="terraform", help="terraform binary (probe mode)")
    parser.add_argument("--only", nargs="*", help="restrict to these resource types")
    parser.add_argument("--exclude", nargs="*", default=[], help="skip these resource types")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="update --output in place: replace only the resource types scanned in this run",
    )
    parser.add_argument("--keep-workdir", type=Path, help="probe mode: keep configs here")
    parser.add_argument(
        "--arg-filter",
        help="probe mode: probe only arguments whose last name matches this regex "
        "(for resource types too large to probe in full; recorded in _source)",
    )
    parser.add_argument(
        "--evidence", type=Path, help="probe mode: write each listed path's provider error here"
    )
    parser.add_argument(
        "--chunk", type=int, default=1000, help="probe mode: most arguments probed in one block"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    def wanted(rtype: str) -> bool:
        return (not args.only or rtype in args.only) and rtype not in args.exclude

    source: dict[str, Any] = {
        "repo": REPO,
        "version": args.version,
        "commit": args.commit,
        "generated_by": GENERATED_BY,
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
    }
    if args.provider_src:
        scanner = SourceScanner(args.provider_src)
        resources = {k: v for k, v in scanner.scan().items() if wanted(k)}
        scanned = {k for k in scanner.seen if wanted(k)}
        source["method"] = "go-source-scan"
        print(
            f"resources seen {scanner.stats.resources_annotated}, "
            f"parsed {scanner.stats.resources_parsed}, "
            f"unparsed {len(scanner.stats.unparsed)}",
            file=sys.stderr,
        )
    else:
        resources, info, probed = run_probe(
            args.plugin_dir,
            args.terraform,
            wanted,
            args.keep_workdir,
            evidence_out=args.evidence,
            arg_filter=re.compile(args.arg_filter) if args.arg_filter else None,
            chunk=args.chunk,
        )
        scanned = set(probed)
        if args.arg_filter:
            # Only arguments whose name matches were probed for these types.
            source["arg_filter"] = {"pattern": args.arg_filter, "resource_types": sorted(scanned)}
        source["method"] = "terraform-validate-probe"
        source["probe_value"] = PROBE_VALUE
        source.update(info)
    if args.merge and args.output.exists():
        previous = json.loads(args.output.read_text(encoding="utf-8"))
        merged = {k: v for k, v in previous["resources"].items() if k not in scanned}
        merged.update(resources)
        resources = dict(sorted(merged.items()))
        prev_source = previous["_source"]
        for key in ("resource_types_probed", "arguments_probed", "arguments_unverified"):
            if isinstance(prev_source.get(key), int) and isinstance(source.get(key), int):
                source[key] += prev_source[key]
        if "arg_filter" in prev_source and "arg_filter" not in source:
            kept = [t for t in prev_source["arg_filter"]["resource_types"] if t not in scanned]
            if kept:
                source["arg_filter"] = {**prev_source["arg_filter"], "resource_types": kept}
        if "error_kinds" in prev_source and "error_kinds" in source:
            for msg, n in prev_source["error_kinds"].items():
                source["error_kinds"][msg] = source["error_kinds"].get(msg, 0) + n
    write_output(args.output, source, resources)
    n_paths = sum(len(v) for v in resources.values())
    print(f"wrote {args.output}: {len(resources)} resource types, {n_paths} paths", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
