"""Icons for shortcodes: a Blowfish icon name -> inline SVG markup.

Placeholder until the icon set lands: every name renders as an empty, labelled
SVG box, so templates can call `icon("github")` already.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup


def icon_svg(name: str, label: str = "") -> Markup:
    """`{{ icon("github") }}`: the icon as inline SVG; with `label`, read out by screen readers."""
    a11y = f' role="img" aria-label="{escape(label)}"' if label else ' aria-hidden="true"'
    return Markup(f'<svg class="icon icon-{escape(name)}" viewBox="0 0 512 512"{a11y}></svg>')
