"""Configuration stage, Goldmark's extensions that sitegen honours:

    [markup.goldmark.extensions]
    typographer = false                       # or a table:
    [markup.goldmark.extensions.typographer]
    disable = false
    leftDoubleQuote = "&laquo;"               # any of Hugo's ten names
    [markup.goldmark.extensions.passthrough]
    enable = true
    delimiters.block = [["\\[", "\\]"], ["$$", "$$"]]
    delimiters.inline = [["\\(", "\\)"]]

The same keys in sitegen.toml and in a Hugo site's config. The typographer is
on unless disabled, as in Hugo; passthrough is off unless enabled. The other
extensions Hugo has (footnote, table, …) are on in sitegen, as in Hugo, and
their settings are not read.
"""

from __future__ import annotations

from typing import Any

from .files import Key, KeyReader

TYPOGRAPHER_NAMES = (
    "leftSingleQuote",
    "rightSingleQuote",
    "leftDoubleQuote",
    "rightDoubleQuote",
    "enDash",
    "emDash",
    "ellipsis",
    "leftAngleQuote",
    "rightAngleQuote",
    "apostrophe",
)
_PASSTHROUGH_HINT = "e.g. inline = [['\\(', '\\)']] and block = [['\\[', '\\]'], ['$$', '$$']]"


def read_extensions(ctx: KeyReader, goldmark: dict[str, Any], at: Key) -> dict[str, Any]:
    """SiteConfig fields from `markup.goldmark` (its `extensions` table), checked."""
    low = {str(k).lower(): (str(k), v) for k, v in goldmark.items()}
    if "extensions" not in low:
        return {}
    spelled, table = low["extensions"]
    at = (*at, spelled)
    table = ctx.check(table, dict, at, "markup.goldmark.extensions")
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key.lower() == "typographer":
            out.update(_typographer(ctx, value, (*at, key)))
        elif key.lower() == "passthrough":
            out.update(_passthrough(ctx, value, (*at, key)))
    return out


def _typographer(ctx: KeyReader, value: Any, at: Key) -> dict[str, Any]:
    if isinstance(value, bool):  # Hugo's older spelling, still accepted
        return {"typographer": value}
    table = ctx.check(value, (bool, dict), at, "markup.goldmark.extensions.typographer")
    names = {n.lower(): n for n in TYPOGRAPHER_NAMES}
    out: dict[str, Any] = {}
    subs: dict[str, str] = {}
    for key, item in table.items():
        if key.lower() == "disable":
            out["typographer"] = not ctx.check(item, bool, (*at, key), "typographer.disable")
        elif key.lower() in names:
            subs[names[key.lower()]] = ctx.check(item, str, (*at, key), f"typographer.{key}")
        else:
            ctx.unknown((*at, key), ["disable", *TYPOGRAPHER_NAMES])
    if subs:
        out["typographer_subs"] = subs
    return out


def _passthrough(ctx: KeyReader, value: Any, at: Key) -> dict[str, Any]:
    table = ctx.check(value, dict, at, "markup.goldmark.extensions.passthrough")
    enable = False
    pairs: dict[str, tuple[tuple[str, str], ...]] = {"block": (), "inline": ()}
    for key, item in table.items():
        if key.lower() == "enable":
            enable = ctx.check(item, bool, (*at, key), "passthrough.enable")
        elif key.lower() == "delimiters":
            delimiters = ctx.check(item, dict, (*at, key), "passthrough.delimiters")
            for kind, listed in delimiters.items():
                if kind.lower() not in pairs:
                    ctx.unknown((*at, key, kind), ["block", "inline"])
                    continue
                pairs[kind.lower()] = _pairs(ctx, listed, (*at, key, kind), kind)
        else:
            ctx.unknown((*at, key), ["enable", "delimiters"])
    if not enable:
        return {}
    return {"passthrough": (pairs["block"], pairs["inline"])}


def _pairs(ctx: KeyReader, listed: Any, at: Key, kind: str) -> tuple[tuple[str, str], ...]:
    """A list of [opening, closing] pairs of non-empty strings."""
    ok = isinstance(listed, list) and all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(d, str) and d for d in p) for p in listed
    )
    if not ok:
        ctx.fail(
            at,
            f"passthrough.delimiters.{kind} must be a list of [opening, closing] pairs of strings",
            hint=_PASSTHROUGH_HINT,
        )
    return tuple((p[0], p[1]) for p in listed)
