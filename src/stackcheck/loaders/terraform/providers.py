"""Which region each resource is created in: provider configurations, aliases and the providers a module
call passes down (https://developer.hashicorp.com/terraform/language/providers/configuration,
https://developer.hashicorp.com/terraform/language/modules/develop/providers).

A region is recorded only when it is known: a literal, or a variable default / tfvars value. A provider
block without `region` (taken from AWS_REGION or the profile at run time) or a computed one gives None, and
so does an aliased configuration a module does not receive.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from stackcheck.loaders.terraform.syntax import JsonExpr, node_text

if TYPE_CHECKING:
    from stackcheck.loaders.terraform.module import Decl, Module

Regions = dict[str, str | None]  # "aws" / "aws.use1" -> region
_REF = re.compile(r"^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)?$")
_PAIR = re.compile(r"([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)?)\s*=\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)?)")


def _ref_text(expr: Any) -> str | None:
    """`aws.use1` as written in `provider = aws.use1` (HCL traversal, or a string in .tf.json)."""
    text = expr.value if isinstance(expr, JsonExpr) else node_text(expr)
    text = text.strip() if isinstance(text, str) else ""
    return text if _REF.match(text) else None


def own_configurations(module: Module, inherited: Regions) -> Regions:
    """The configurations a module can use: those it inherits or is passed, then its own provider blocks."""
    regions = dict(inherited)
    for decl in module.providers:
        if not decl.block.labels:
            continue
        attrs = decl.block.body.attrs
        name = decl.block.labels[0]
        alias = module.eval(attrs["alias"].expr, {}, set()) if "alias" in attrs else None
        key = f"{name}.{alias}" if isinstance(alias, str) and alias else name
        region = module.eval(attrs["region"].expr, {}, set()) if "region" in attrs else None
        regions[key] = region if isinstance(region, str) and region else None
    return regions


def passed_to_child(parent: Regions, call: Decl) -> Regions:
    """What a module call hands its module: the `providers` map, else the parent's default configurations."""
    attr = call.block.body.attrs.get("providers")
    if attr is None:
        return {k: v for k, v in parent.items() if "." not in k}  # default (unaliased) ones are inherited
    if isinstance(attr.expr, JsonExpr):
        pairs = attr.expr.value.items() if isinstance(attr.expr.value, dict) else ()
    else:
        pairs = _PAIR.findall(node_text(attr.expr))
    return {str(child): parent.get(str(ref)) for child, ref in pairs}


def region_of(regions: Regions, rtype: str, provider_attr: Any) -> str | None:
    """The region of a resource of type `rtype` whose `provider` meta-argument is `provider_attr` (or None)."""
    ref = _ref_text(provider_attr.expr) if provider_attr is not None else rtype.split("_", 1)[0]
    return regions.get(ref) if ref else None
