"""Configuration stage, feed settings: Hugo's `[services.rss]` and `[outputs]` tables.

Kept apart from loader.py so that module stays readable; loader.py calls these
with its `KeyReader`, so mistakes here point at their line too.
"""

from __future__ import annotations

from typing import Any

from .files import KeyReader

# Page kinds that get an RSS feed unless `[outputs]` says otherwise (Hugo's defaults).
FEED_KINDS = frozenset({"home", "section", "taxonomy", "term"})
_OUTPUT_KINDS = ("home", "section", "taxonomy", "term", "page")


def read_services(ctx: KeyReader, entry: tuple[str, Any] | None) -> dict[str, Any]:
    """Hugo's `[services.rss] limit`, plus our `fullContent` beside it."""
    if entry is None:
        return {}
    key, table = entry
    out: dict[str, Any] = {}
    for name, value in ctx.check(table, dict, (key,), "services").items():
        if name.lower() != "rss":
            ctx.unknown((key, name), ["rss"])
            continue
        for option, setting in ctx.check(value, dict, (key, name), "services.rss").items():
            where = (key, name, option)
            if option.lower() == "limit":
                out["rss_limit"] = ctx.check(setting, int, where, "services.rss.limit")
            elif option.lower() == "fullcontent":
                out["rss_full_content"] = ctx.check(setting, bool, where, "services.rss.fullContent")
            else:
                ctx.unknown(where, ["limit", "fullContent"])
    return out


def read_outputs(ctx: KeyReader, entry: tuple[str, Any] | None) -> dict[str, Any]:
    """Hugo's `[outputs]`: which page kinds get an RSS feed. HTML is always written."""
    if entry is None:
        return {}
    key, table = entry
    kinds = set(FEED_KINDS)
    for kind, formats in ctx.check(table, dict, (key,), "outputs").items():
        where = (key, kind)
        if kind.lower() not in _OUTPUT_KINDS:
            ctx.fail(
                where,
                f"unknown page kind {kind!r} in [outputs]",
                hint="kinds are " + ", ".join(_OUTPUT_KINDS),
            )
        if isinstance(formats, str) and ctx.hugo is not None:
            formats = [formats]  # Hugo's decoder makes one name a list of one
        ctx.check(formats, list, where, f"outputs.{kind}")
        names = [str(f).lower() for f in formats]
        for name in names:
            if name not in ("html", "rss"):
                # in a Hugo config's summary as `outputs.home.json`
                ctx.ignored(
                    (*where, name),
                    f"output format {name!r} is not supported and is ignored",
                    hint="sitegen writes HTML, and RSS for list pages",
                )
        if "rss" in names and kind.lower() == "page":
            ctx.warn(where, "a single page has no feed of its own; RSS here is ignored")
        if "rss" in names:
            kinds.add(kind.lower())
        else:
            kinds.discard(kind.lower())
    return {"feed_kinds": frozenset(kinds - {"page"})}
