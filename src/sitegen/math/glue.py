"""Inline formulas keep the punctuation that touches them on their line.

A browser may break a line between an inline `<math>` and the text right after
it, leaving "token i" at the end of one line and "'s query" or a lone "," at
the start of the next. Punctuation written against a formula (and an opening
bracket before it) goes into a `<span class="math-glue">` that does not wrap.
Only punctuation: a Chinese sentence has no spaces, so gluing "the next word"
would glue a whole line.
"""

from __future__ import annotations

import re

_OPEN = r"[(\[（【「『“‘«]"
_CLOSE = r"(?:[’']s\b|[,.;:!?)\]’'”»…%，。；：！？）】」』、])"
_INLINE = re.compile(
    rf"(?P<open>{_OPEN}?)(?P<math><math alttext=\"[^\"]*\">.*?</math>)(?P<close>{_CLOSE}{{0,3}})", re.S
)


def glue_punctuation(html: str) -> str:
    """Wrap each inline formula with the punctuation against it (display ones are blocks)."""
    if "<math" not in html:
        return html

    def glued(m: re.Match[str]) -> str:
        if not m.group("open") and not m.group("close"):
            return m.group(0)
        return f'<span class="math-glue">{m.group(0)}</span>'

    return _INLINE.sub(glued, html)
