"""Configuration stage, pagination: Hugo's `[pagination]` table (also per language,
`[languages.<code>.pagination]`), and the root `paginate` / `paginatePath` it replaced.

Kept apart from loader.py, which calls these with its `KeyReader`, so mistakes
point at their line. The pager URLs themselves are made in urls.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from .files import Key, KeyReader
from .site_config import Pagination

_NAMES = ["pagerSize", "path", "disableAliases"]
# Hugo 0.128 renamed these; Hugo 0.168 no longer reads them at all, but a site written
# for an older Hugo still means them, so sitegen honours them and says so.
_OLD_KEYS = {"paginate": ("pagerSize", "pager_size"), "paginatepath": ("path", "path")}


def read_pagination(ctx: KeyReader, lowered: dict[str, tuple[str, Any]]) -> Pagination:
    """The site's pagination: `[pagination]`, else the old root keys, else Hugo's defaults."""
    values: dict[str, Any] = {}
    for old, (name, attr) in _OLD_KEYS.items():
        if old not in lowered:
            continue
        key, value = lowered[old]
        values[attr] = _value(ctx, (key,), name, value, key)
        shown = json.dumps(value, ensure_ascii=False)
        ctx.warn(
            (key,),
            f"{key} is Hugo's old name for pagination.{name}: sitegen honours it, Hugo 0.168 ignores it",
            hint=f"write [pagination] {name} = {shown}, which both read",
        )
    if "pagination" in lowered:
        key, table = lowered["pagination"]
        values.update(_table(ctx, (key,), table))  # the new table wins over the old keys
    return Pagination(**values)


def read_language_pagination(ctx: KeyReader, where: Key, table: Any, site: Pagination) -> Pagination:
    """`[languages.<code>.pagination]`, each key set there replacing the site's, as in Hugo."""
    return replace(site, **_table(ctx, where, table))


def _table(ctx: KeyReader, where: Key, table: Any) -> dict[str, Any]:
    table = ctx.check(table, dict, where, ".".join(where))
    out: dict[str, Any] = {}
    for name, value in table.items():
        low = name.lower()
        known = next((n for n in _NAMES if n.lower() == low), None)
        if known is None:
            ctx.unknown((*where, name), _NAMES)
            continue
        attr = {"pagersize": "pager_size", "path": "path", "disablealiases": "disable_aliases"}[low]
        out[attr] = _value(ctx, (*where, name), known, value, f"{'.'.join(where)}.{name}")
    return out


def _value(ctx: KeyReader, where: Key, name: str, value: Any, shown: str) -> Any:
    if name == "disableAliases":
        return ctx.check(value, bool, where, shown)
    if name == "pagerSize":
        size = ctx.check(value, int, where, shown)
        if size < 1:  # Hugo fails too, at the first template that paginates
            ctx.fail(where, f"{shown} must be at least 1, not {size}", hint="e.g. pagerSize = 10")
        return size
    return _path(ctx, where, ctx.check(value, str, where, shown), shown)


def _path(ctx: KeyReader, where: Key, path: str, shown: str) -> str:
    """The pager folder, lowercased as Hugo does; "" is allowed (Hugo then writes /blog/2/)."""
    parts = [p for p in path.strip().lower().split("/") if p]
    if any(p in (".", "..") or "\\" in p for p in parts):
        ctx.fail(
            where,
            f"{shown} must be a folder name inside each list page, not {path!r}",
            hint='e.g. path = "page", for /blog/page/2/',
        )
    return "/".join(parts)
