"""`[markup.math]`: sitegen's math settings (Hugo has none; its math is a
JavaScript renderer's business).

    [markup.math.macros]
    "\\RR" = "\\mathbb{R}"
    "\\norm" = "\\left\\lVert #1 \\right\\rVert"

Each macro is KaTeX's and Temml's `macros` option: a name with its backslash,
expanded in every formula of the site; `#1`… are its arguments.
"""

from __future__ import annotations

import re
from typing import Any

from .files import Key, KeyReader

_NAME = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z\s])\Z")
KNOWN = ["macros"]


def read_math(ctx: KeyReader, table: dict[str, Any], at: Key) -> dict[str, Any]:
    """The `macros` pairs, checked: a TeX command name, TeX as its text."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key.lower() != "macros":
            ctx.unknown((*at, key), KNOWN)
            continue
        macros = ctx.check(value, dict, (*at, key), "markup.math.macros")
        pairs = []
        for name, body in macros.items():
            where = (*at, key, name)
            if not _NAME.match(name):
                ctx.fail(
                    where,
                    f"math macro name {name!r} is not a TeX command",
                    hint='write it with its backslash, as "\\\\RR" (in TOML, a backslash is doubled)',
                )
            pairs.append((name, ctx.check(body, str, where, f"markup.math.macros.{name}")))
        out["math_macros"] = tuple(sorted(pairs))
    return out
