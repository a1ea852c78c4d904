"""Configuration stage, `[markup.highlight]`: Hugo's code-highlighting settings.

In: the table, from sitegen.toml or a Hugo config, and the `KeyReader` that locates
its keys. Out: a `HighlightConfig`. The settings are Hugo 0.168's, with its rules
(checked with the real binary): `lineNos` is true, false, "inline" or "table" (the
text "true" is refused, as Hugo refuses it), true meaning a table unless
`lineNumbersInTable = false`; `noClasses`, Hugo's default, colours code inline in
`style` (Pygments' style of that name), which only applies when the config asks for
it (sets `noClasses` or `style`): else code keeps sitegen's classes and
css/syntax.css, whose colours follow the reader's light or dark scheme.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import describe_value
from .files import Key, KeyReader
from .site_config import HighlightConfig

HUGO_STYLE = "monokai"  # Hugo's default style, which Pygments has too
_RANGES = re.compile(r"\s*(\d{1,9}(-\d{1,9})?)(\s+\d{1,9}(-\d{1,9})?)*\s*")
_IGNORED = ("guessSyntax", "tabWidth", "wrapperClass", "hl_inline")
_KNOWN = (
    "lineNos",
    "lineNumbersInTable",
    "lineNoStart",
    "hl_Lines",
    "anchorLineNos",
    "lineAnchors",
    "noClasses",
    "style",
    "codeFences",
    *_IGNORED,
)


def read_highlight(ctx: KeyReader, at: Key, table: dict[str, Any]) -> HighlightConfig:
    """The `[markup.highlight]` table at `at`, each value checked where it is set."""
    low = {str(k).lower(): (str(k), v) for k, v in table.items()}

    def get(name: str, typ: type | tuple[type, ...], default: Any) -> Any:
        if name.lower() not in low:
            return default
        spelled, value = low[name.lower()]
        return ctx.check(value, typ, (*at, spelled), f"markup.highlight.{name}")

    line_nos = low.get("linenos", ("", False))[1]
    if line_nos is not True and line_nos is not False and line_nos not in ("inline", "table"):
        ctx.fail(
            (*at, low["linenos"][0]),
            'markup.highlight.lineNos must be true, false, "inline" or "table",'
            f" not {describe_value(line_nos)}",
        )
    if line_nos is True:
        line_nos = "table" if get("lineNumbersInTable", bool, True) else "inline"
    hl_lines = get("hl_Lines", str, "")
    if not _RANGES.fullmatch(hl_lines) and hl_lines.strip():
        ctx.fail(
            (*at, low["hl_lines"][0]),
            f"markup.highlight.hl_Lines takes line numbers and ranges, not {hl_lines!r}",
            hint='e.g. hl_Lines = "2 4-6"',
        )
    start = get("lineNoStart", int, 1)
    for name in _IGNORED:
        if name.lower() in low:
            ctx.ignored((*at, low[name.lower()][0]), f"markup.highlight.{name} is not used by sitegen")
    for spelled, _ in low.values():
        if spelled.lower() not in {k.lower() for k in _KNOWN}:
            ctx.unknown((*at, spelled), list(_KNOWN))
    return HighlightConfig(
        line_nos=line_nos or "",
        line_no_start=start,
        hl_lines=hl_lines.strip(),
        anchor_line_nos=get("anchorLineNos", bool, False),
        line_anchors=get("lineAnchors", str, ""),
        style=_style(ctx, at, low, get),
        code_fences=get("codeFences", bool, True),
    )


def _style(ctx: KeyReader, at: Key, low: dict[str, tuple[str, Any]], get: Any) -> str | None:
    """The inline style, when the config asks for colours inline; None for classes."""
    no_classes = get("noClasses", bool, "style" in low)  # Hugo's default is true
    if not no_classes:
        return None
    style = get("style", str, HUGO_STYLE)
    from pygments.styles import get_all_styles  # loaded only when a config names a style

    known = sorted(get_all_styles())
    if style.lower() in known:
        return str(style.lower())
    ctx.warn(
        (*at, low["style"][0]),
        f"highlight style {style!r} is one of Hugo's that sitegen lacks, so code is coloured {HUGO_STYLE}",
        hint=f"styles sitegen has: {', '.join(known)}",
    )
    return HUGO_STYLE
