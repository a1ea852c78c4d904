"""Configuration stage, related content: Hugo's `[related]` table.

    [related]
    threshold = 80        # 0..100: how good a match must be (see related.py)
    includeNewer = false  # Hugo's default: a post lists only older posts
    toLower = false       # compare keywords case-insensitively
    [[related.indices]]
    name = "tags"         # a taxonomy (tags, series, categories) or a front matter list
    weight = 80

Hugo's other index keys (type, pattern, cardinalityThreshold, applyFilter) and the
`date` and `fragments` indices are Hugo-specific; they are read, warned about and
ignored, so a Hugo config still loads. The scoring itself is in related.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .files import Key, KeyReader

_NAMES = ["threshold", "includeNewer", "toLower", "indices"]
_INDEX_NAMES = ["name", "weight", "toLower"]
_HUGO_ONLY = {"type", "pattern", "cardinalitythreshold", "applyfilter"}


@dataclass(frozen=True)
class RelatedIndex:
    """One `[[related.indices]]` entry: a list of keywords a page has, and its weight."""

    name: str
    weight: int
    to_lower: bool = False


@dataclass(frozen=True)
class RelatedConfig:
    """Hugo's `[related]`, with Hugo's defaults (less its `date` index)."""

    threshold: int = 80
    include_newer: bool = False
    to_lower: bool = False
    indices: tuple[RelatedIndex, ...] = (RelatedIndex("keywords", 100), RelatedIndex("tags", 80))


def read_related(ctx: KeyReader, entry: tuple[str, Any] | None) -> RelatedConfig:
    """The site's `[related]` table, else Hugo's defaults."""
    if entry is None:
        return RelatedConfig()
    key, table = entry
    table = ctx.check(table, dict, (key,), key)
    values: dict[str, Any] = {}
    for name, value in table.items():
        where, low = (key, name), name.lower()
        if low == "threshold":
            values["threshold"] = _threshold(ctx, where, ctx.check(value, int, where, f"related.{name}"))
        elif low == "includenewer":
            values["include_newer"] = ctx.check(value, bool, where, f"related.{name}")
        elif low == "tolower":
            values["to_lower"] = ctx.check(value, bool, where, f"related.{name}")
        elif low == "indices":
            values["indices"] = _indices(ctx, where, ctx.check(value, list, where, f"related.{name}"))
        else:
            ctx.unknown(where, _NAMES)
    return RelatedConfig(**values)


def _threshold(ctx: KeyReader, where: Key, value: int) -> int:
    if not 0 <= value <= 100:
        ctx.fail(
            where, f"related.threshold must be between 0 and 100, not {value}", hint="e.g. threshold = 80"
        )
    return value


def _indices(ctx: KeyReader, where: Key, entries: list[Any]) -> tuple[RelatedIndex, ...]:
    out = []
    for n, entry in enumerate(entries):
        at = (*where, str(n))
        table = ctx.check(entry, dict, at, f"related.indices[{n}]")
        fields: dict[str, Any] = {}
        for name, value in table.items():
            low, shown = name.lower(), f"related.indices[{n}].{name}"
            if low == "name":
                fields["name"] = ctx.check(value, str, (*at, name), shown).strip()
            elif low == "weight":
                fields["weight"] = ctx.check(value, int, (*at, name), shown)
            elif low == "tolower":
                fields["to_lower"] = ctx.check(value, bool, (*at, name), shown)
            elif low in _HUGO_ONLY:
                ctx.ignored((*at, name), f"{shown} is Hugo-specific and is ignored")
            else:
                ctx.unknown((*at, name), _INDEX_NAMES)
        if not fields.get("name"):
            ctx.fail(at, f"related.indices[{n}] needs a name", hint='e.g. name = "tags"')
        if fields["name"].lower() in ("date", "fragments"):
            ctx.ignored(at, f"the related index {fields['name']!r} is Hugo-specific and is ignored")
            continue
        out.append(RelatedIndex(fields["name"], fields.get("weight", 0), fields.get("to_lower", False)))
    return tuple(out)
