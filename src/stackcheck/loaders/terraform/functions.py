"""Terraform's built-in functions, for the values a static scan can know.

A function given an unknown argument returns an Unknown (never a guess), except where the
result's shape is still known: jsonencode keeps the structure (Encoded), lower/upper keep
the known pieces of a template, concat/merge keep unknown elements in place.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import math
import re
from collections.abc import Callable
from typing import Any

from stackcheck.model.values import Encoded, Unknown, is_known


class FunctionError(Exception):
    """The call is wrong (Terraform would reject it); evaluation yields an Unknown."""


def _str(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, int | float | str):
        return str(v)
    raise FunctionError(f"cannot convert {type(v).__name__} to string")


def _map_text(v: Any, fn: Callable[[str], str]) -> Any:
    """Apply a text transform to a string, or to the known pieces of a template."""
    if isinstance(v, str):
        return fn(v)
    if isinstance(v, Unknown) and v.parts:
        parts = tuple(fn(p) if isinstance(p, str) else p for p in v.parts)
        return Unknown(ref=v.ref, kind=v.kind, parts=parts)
    raise FunctionError("not a string")


def _tf_format(fmt: str, *args: Any) -> str:
    out, i, n = [], 0, 0
    while i < len(fmt):
        ch = fmt[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        m = re.match(r"%([-+ #0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])", fmt[i:])
        if not m:
            raise FunctionError("bad format verb")
        flags, width, prec, verb = m.groups()
        i += m.end()
        if len(width) > 4 or len(prec or "") > 4:  # a 10,000-column field is not a resource name
            raise FunctionError("format width or precision too large to evaluate")
        if verb == "%":
            out.append("%")
            continue
        if n >= len(args):
            raise FunctionError("not enough arguments for format")
        arg = args[n]
        n += 1
        if verb in "sv":
            piece = json.dumps(arg) if isinstance(arg, dict | list) else _str(arg)
        elif verb == "d":
            piece = str(int(arg))
        elif verb in "fFeEgG":
            piece = f"%{flags}{width}{'.' + prec if prec else ''}{verb}" % float(arg)
            out.append(piece)
            continue
        elif verb == "q":
            piece = json.dumps(_str(arg))
        elif verb in "xX":
            piece = format(int(arg), verb)
        elif verb == "t":
            piece = _str(bool(arg))
        else:
            raise FunctionError(f"format verb %{verb} not supported")
        if width:
            piece = piece.ljust(int(width)) if "-" in flags else piece.rjust(int(width), "0" if "0" in flags else " ")
        out.append(piece)
    return "".join(out)


def _substr(s: str, off: int, ln: int) -> str:
    start = off if off >= 0 else max(len(s) + off, 0)
    return s[start:] if ln < 0 else s[start: start + ln]


def _cidrsubnet(prefix: str, newbits: int, netnum: int) -> str:
    net = ipaddress.ip_network(prefix, strict=False)
    new_prefix = net.prefixlen + int(newbits)
    if new_prefix > net.max_prefixlen:
        raise FunctionError("insufficient address space")
    size = 1 << (net.max_prefixlen - new_prefix)
    if int(netnum) >= 1 << int(newbits):
        raise FunctionError("netnum out of range")
    base = int(net.network_address) + int(netnum) * size
    return str(ipaddress.ip_network((base, new_prefix)))


def _cidrhost(prefix: str, hostnum: int) -> str:
    net = ipaddress.ip_network(prefix, strict=False)
    n = int(hostnum)
    addr = (int(net.network_address) + n) if n >= 0 else (int(net.broadcast_address) + 1 + n)
    return str(ipaddress.ip_address(addr))


def _flatten(v: Any) -> list[Any]:
    out: list[Any] = []
    for item in v:
        if isinstance(item, list):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out


def _range(*args: Any) -> list[int]:
    r = range(*(int(x) for x in args))
    if len(r) > 1024:  # cty's RangeFunc: "more than 1024 values were generated"
        raise FunctionError("range: more than 1024 values")
    return list(r)


# Terraform's regular expressions are RE2 (linear time); Python's backtrack, and a quantified group
# such as (a+)+ takes exponential time on a long enough subject. Such a pattern on a subject longer
# than this stays Unknown.
_QUANTIFIED_GROUP = re.compile(r"\)[*+?{]")
_MAX_BACKTRACKING_SUBJECT = 20


def _pattern(pat: str, subject: str) -> re.Pattern[str]:
    if not isinstance(pat, str) or not isinstance(subject, str):
        raise FunctionError("regex needs strings")
    if _QUANTIFIED_GROUP.search(pat) and len(subject) > _MAX_BACKTRACKING_SUBJECT:
        raise FunctionError("pattern may backtrack exponentially in Python's engine")
    return re.compile(pat)


def _regex(pat: str, s: str) -> Any:
    m = _pattern(pat, s).search(s)
    if m is None:
        raise FunctionError("no match")
    return m.group(0)


def _pow(a: Any, b: Any) -> int | float:
    # Terraform computes pow on float64: a result beyond it is +Inf, not a number with a billion digits.
    try:
        result = math.pow(float(a), float(b))
    except (OverflowError, ValueError):
        raise FunctionError("pow out of range") from None
    return int(result) if result.is_integer() and abs(result) < 2**53 else result


def _replace(s: str, old: str, new: str) -> str:
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        return _pattern(old[1:-1], s).sub(re.sub(r"\$(\d+)", r"\\\1", new), s)
    return s.replace(old, new)


def _merge(*maps: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in maps:
        if m is None:
            continue
        if not isinstance(m, dict):
            raise FunctionError("merge takes maps")
        out.update(m)
    return out


def _lookup(m: Any, key: Any, *default: Any) -> Any:
    if isinstance(m, dict) and key in m:
        return m[key]
    if default:
        return default[0]
    raise FunctionError(f"key {key!r} not found")


def _element(lst: list[Any], idx: int) -> Any:
    if not lst:
        raise FunctionError("element of empty list")
    return lst[int(idx) % len(lst)]


def _coalesce(*args: Any) -> Any:
    for a in args:
        if isinstance(a, Unknown):
            raise _Unknowable
        if a is not None and a != "":
            return a
    raise FunctionError("no non-null arguments")


class _Unknowable(Exception):
    pass


def _jsonencode(v: Any) -> Any:
    return json.dumps(v, separators=(",", ":")) if is_known(v) else Encoded(v)


def _join(sep: str, *lists: Any) -> Any:
    items = [x for lst in lists for x in lst]
    if all(isinstance(x, str | int | float | bool) for x in items):
        return sep.join(_str(x) for x in items)
    parts: list[Any] = []
    for i, x in enumerate(items):
        if i:
            parts.append(sep)
        if isinstance(x, Unknown) and x.parts:
            parts.extend(x.parts)
        else:
            parts.append(x if isinstance(x, Unknown) else _str(x))
    return Unknown(ref="join(...)", parts=tuple(parts))


def _tonumber(v: Any) -> Any:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return v
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise FunctionError("not a number") from None
    return int(f) if f.is_integer() else f


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "format": _tf_format,
    "formatlist": lambda fmt, *lists: [_tf_format(fmt, *row) for row in zip(*lists, strict=False)],
    "join": _join,
    "split": lambda sep, s: s.split(sep),
    "lower": lambda s: _map_text(s, str.lower),
    "upper": lambda s: _map_text(s, str.upper),
    "title": lambda s: _map_text(s, str.title),
    "trimspace": lambda s: _map_text(s, str.strip),
    "trim": lambda s, chars: s.strip(chars),
    "trimprefix": lambda s, p: s[len(p):] if s.startswith(p) else s,
    "trimsuffix": lambda s, p: s[: -len(p)] if p and s.endswith(p) else s,
    "replace": _replace,
    "substr": lambda s, off, ln: _substr(s, int(off), int(ln)),
    "strrev": lambda s: s[::-1],
    "startswith": lambda s, p: s.startswith(p),
    "endswith": lambda s, p: s.endswith(p),
    "strcontains": lambda s, p: p in s,
    "concat": lambda *ls: [x for lst in ls for x in lst],
    "merge": _merge,
    "jsonencode": _jsonencode,
    "jsondecode": json.loads,
    "yamlencode": lambda v: json.dumps(v),
    "cidrsubnet": _cidrsubnet,
    "cidrhost": _cidrhost,
    "cidrnetmask": lambda p: str(ipaddress.ip_network(p, strict=False).netmask),
    "length": len,
    "element": _element,
    "lookup": _lookup,
    "coalesce": _coalesce,
    "coalescelist": lambda *ls: next((lst for lst in ls if lst), []),
    "compact": lambda lst: [x for x in lst if x not in (None, "")],
    "distinct": lambda lst: [json.loads(x) for x in dict.fromkeys(json.dumps(x, sort_keys=True) for x in lst)],
    "flatten": _flatten,
    "keys": lambda m: sorted(m.keys()),
    "values": lambda m: [m[k] for k in sorted(m)],
    "tolist": list,
    "toset": lambda v: sorted(dict.fromkeys(v), key=str) if all(isinstance(x, str | int | float) for x in v) else list(v),
    "tomap": dict,
    "tostring": _str,
    "tonumber": _tonumber,
    "tobool": lambda v: v if isinstance(v, bool) else {"true": True, "false": False}[v],
    "contains": lambda lst, v: v in lst,
    "index": lambda lst, v: lst.index(v),
    "range": lambda *a: _range(*a),
    "zipmap": lambda ks, vs: dict(zip(ks, vs, strict=False)),
    "slice": lambda lst, a, b: lst[int(a): int(b)],
    "reverse": lambda lst: list(reversed(lst)),
    "sort": lambda lst: sorted(lst),
    "min": min,
    "max": max,
    "sum": sum,
    "abs": abs,
    "ceil": math.ceil,
    "floor": math.floor,
    "pow": _pow,
    "signum": lambda v: (v > 0) - (v < 0),
    "parseint": lambda s, base: int(s, int(base)),
    "one": lambda lst: (lst[0] if lst else None) if len(lst) <= 1 else (_ for _ in ()).throw(FunctionError("more than one")),
    "alltrue": lambda lst: all(x is True or x == "true" for x in lst),
    "anytrue": lambda lst: any(x is True or x == "true" for x in lst),
    "setunion": lambda *ls: sorted({x for lst in ls for x in lst}, key=str),
    "setintersection": lambda a, *ls: sorted(set(a).intersection(*ls), key=str),
    "setsubtract": lambda a, b: sorted(set(a) - set(b), key=str),
    "chunklist": lambda lst, n: [lst[i: i + int(n)] for i in range(0, len(lst), int(n))],
    "sha1": lambda s: hashlib.sha1(s.encode()).hexdigest(),
    "sha256": lambda s: hashlib.sha256(s.encode()).hexdigest(),
    "md5": lambda s: hashlib.md5(s.encode()).hexdigest(),
    "base64encode": lambda s: base64.b64encode(s.encode()).decode(),
    "base64decode": lambda s: base64.b64decode(s).decode(),
    "urlencode": lambda s: __import__("urllib.parse").parse.quote(s, safe=""),
    "nonsensitive": lambda v: v,
    "sensitive": lambda v: v,
    "regex": _regex,
    "regexall": lambda pat, s: [m.group(0) for m in _pattern(pat, s).finditer(s)],
    "can": lambda v: True,
}

# Whose result is only known at apply time, or reads what a static scan must not.
UNKNOWABLE = {"timestamp", "uuid", "bcrypt", "uuidv5", "plantimestamp", "file", "filebase64",
              "templatefile", "fileexists", "fileset", "filemd5", "filesha256", "filebase64sha256",
              "pathexpand", "abspath"}

# Functions that accept unknown elements inside their arguments.
TOLERANT = {"jsonencode", "concat", "merge", "join", "lower", "upper", "title", "trimspace",
            "tolist", "toset", "tomap", "length", "element", "lookup", "coalescelist", "compact",
            "flatten", "nonsensitive", "sensitive", "coalesce", "one", "slice", "keys", "values",
            "zipmap", "contains"}


# A call Terraform itself rejects ("Invalid function argument"): try() and can() fall back on it.
ERROR = Unknown(ref="error")
# Functions whose failure on known arguments is certainly Terraform's error, not a gap of ours.
STRICT = {"jsondecode"}


def call(name: str, args: list[Any]) -> Any:
    """Evaluate a built-in; any failure or unknowable input yields an Unknown."""
    unknown = Unknown(ref=f"{name}(...)")
    fn = FUNCTIONS.get(name.removeprefix("provider::terraform::"))
    if fn is None or name in UNKNOWABLE:
        return unknown
    if name in TOLERANT:
        if any(isinstance(a, Unknown) and not (a.parts and name in {"lower", "upper", "title", "trimspace"})
               for a in args):
            return unknown
    elif not all(is_known(a) for a in args):
        return unknown
    try:
        return fn(*args)
    except _Unknowable:
        return unknown
    except Exception:  # a bad call is Terraform's error to report, not a crash of ours
        return ERROR if name in STRICT else unknown
