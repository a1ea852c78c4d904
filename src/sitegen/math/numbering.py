"""Equation numbers and `\\eqref`s, filled in at build time for one page.

Temml leaves an empty `<span class="tml-eqn">` for each numbered row
(equation, align, gather, …) and an empty link for each `\\ref`/`\\eqref`;
its browser script (temmlPostProcess.js) numbers them in page order. sitegen
writes the numbers into the page instead, so they need no JavaScript, can be
copied, and are read out by screen readers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import warn
from ..model import Rendered
from .glue import glue_punctuation

_EQN = '<span class="tml-eqn"></span>'
_LABEL = re.compile(r'<mtr id="([A-Za-z_0-9-]+)"')
_NUMBER = re.compile(r'<span class="tml-eqn">\(([^<]*)\)</span>|<mtext class="tml-tag">([^<]*)</mtext>')
_REF = re.compile(r"<a href='#([A-Za-z_0-9-]*)' class=\"(tml-ref(?: tml-eqref)?)\"></a>")
_SOURCE_REF = re.compile(r"\\(?:eq)?ref\{([^}]*)\}")
_INVALID_ID = re.compile(r"[^A-Za-z_0-9-]")  # Temml's rule for a label's id


def number_equations(
    html: str,
    path: Any = None,
    lines: Sequence[str] = (),
    first_line: int = 1,
    *,
    quiet: bool = False,
) -> str:
    """Number the page's equations in order and fill in its references.

    `quiet`: no warnings (a summary repeats the body's, which has warned)."""
    count = 0

    def numbered(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f'<span class="tml-eqn">({count})</span>'

    html = re.sub(re.escape(_EQN), numbered, html)
    if "tml-ref" not in html:
        return html
    labels: dict[str, str] = {}
    for m in _LABEL.finditer(html):
        if (number := _NUMBER.search(html, m.end())) is not None:
            tag = number.group(1) if number.group(1) is not None else number.group(2)
            labels.setdefault(m.group(1), tag.removeprefix("(").removesuffix(")"))

    def reference(m: re.Match[str]) -> str:
        name, kind = m.group(1), m.group(2)
        number = labels.get(name)
        if number is None and not quiet:
            line, col = _written_at(name, lines, first_line)
            warn(
                f"\\{'eq' if 'eqref' in kind else ''}ref to a label this page lacks (#{name})",
                path,
                line,
                col,
                hint="each \\label{…} is numbered on its own page; link to another page's equation "
                "with a Markdown link to its anchor",
            )
        if number is None:
            number = "??"  # as LaTeX prints an undefined reference
        text = f"({number})" if "eqref" in kind else number
        link = f'<a href="#{name}" class="{kind}">{text}</a>'
        # Inside <math> an <a> is not an HTML link; an <mtext> lets HTML in.
        return f"<mtext>{link}</mtext>" if _in_math(html, m.start()) else link

    return _REF.sub(reference, html)


def number_page(rendered: Rendered, path: Path, body: str, first_line: int) -> Rendered:
    """Number a page once the formulas of its shortcodes (katex) are in it too, so
    they count in page order; its summary the same way, without warning again.
    Punctuation against an inline formula is glued to it (glue.py)."""
    if not rendered.has_math:
        return rendered
    html = number_equations(rendered.html, path, body.split("\n"), first_line)
    summary = number_equations(rendered.summary_html, quiet=True)
    return replace(rendered, html=glue_punctuation(html), summary_html=glue_punctuation(summary))


def _in_math(html: str, at: int) -> bool:
    return html.rfind("<math", 0, at) > html.rfind("</math>", 0, at)


def _written_at(name: str, lines: Sequence[str], first_line: int) -> tuple[int | None, int | None]:
    for number, text in enumerate(lines):
        for m in _SOURCE_REF.finditer(text):
            if _INVALID_ID.sub("", m.group(1)) == name:
                return first_line + number, m.start() + 1
    return None, None
