"""Filters for argument values in shortcode templates.

`css_color`: what an argument puts into a `style` attribute (alert, swatches). A
colour is checked, not escaped: escaping keeps the attribute closed, but
`red; background: url(//tracker)` would still load from another host. So only
the forms CSS colours take pass (`#fff`, `white`, `rgb(…)`, `oklch(…)`, `var(--x)`);
anything else is an error at the shortcode tag.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import jinja2

_COLOR = re.compile(
    r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"
    r"|[A-Za-z]{3,30}"
    r"|(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(\s*[-+0-9A-Za-z.%,/\s]*\)"
    r"|var\(--[A-Za-z0-9_-]+\)"
)
COLOR_HINT = 'a CSS colour: "#e63946", "white", "rgb(29 53 87)" or "var(--accent)"'


@jinja2.pass_context
def css_color(ctx: jinja2.runtime.Context, value: Any, argument: str = "") -> str:
    """`{{ get("cardColor") | css_color("cardColor") }}`: the colour, or fail() at the tag."""
    color = str(value).strip()
    if not color or _COLOR.fullmatch(color):
        return color
    name = ctx.get("name", "shortcode")
    shown = color if len(color) <= 40 else color[:37] + "..."
    ctx["fail"](f"{name} {argument}={shown!r} is not a CSS colour", COLOR_HINT)
    return ""  # not reached: fail() raises


def base64_text(value: Any) -> str:
    """`{{ address | base64 }}`: UTF-8 text as base64, as Hugo's base64Encode (email)."""
    return base64.b64encode(str(value).encode("utf-8")).decode("ascii")
