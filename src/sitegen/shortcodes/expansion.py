"""One body's expansion: the Markdown text, the HTML parked behind placeholders, and
what the expansion found (refs, problems, words), spliced back after rendering.

`{{< >}}` output is HTML that Markdown must not touch, so expand.py parks it here
behind a placeholder (`park`); `finish` splices it back into the rendered page
(`splice`), where a placeholder alone in a paragraph takes the paragraph's place, as
in Hugo, and accounts for the words and anchors it added.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..errors import Problem
from ..markdown import element_ids
from ..model import Link, RefUse, Rendered
from ..text import count_words

_PLACEHOLDER = re.compile(r"SGSC(\d+)CSGS")

RefCall = tuple[str, "str | None", bool, "str | None"]


@dataclass(frozen=True)
class Parent:
    """The enclosing shortcode, for nested shortcodes (`parent.name`, `parent.params`)."""

    name: str
    args: tuple[str, ...]
    params: Mapping[str, str]
    parent: Parent | None


@dataclass
class Expansion:
    """The result of expanding one body: Markdown text plus what to splice back."""

    text: str
    source: str = ""  # the body as written, for positions
    first_line: int = 1
    html: list[str] = field(default_factory=list)  # placeholder n -> HTML
    used: set[str] = field(default_factory=set)
    refs: list[RefUse] = field(default_factory=list)
    inner_text: list[str] = field(default_factory=list)  # for word counts
    problems: list[Problem] = field(default_factory=list)  # broken refs: the page still renders
    # (ref, lang, absolute, link or None): what each ref printed, for the render
    # cache to re-check when other pages move
    ref_calls: list[RefCall] = field(default_factory=list)
    # what `{{< ref >}}`/`{{< relref >}}` printed: Hugo renders those after Markdown, so
    # its link hook never sees them (`{{< relref "#x" >}}` stays `#x`); link_targets skips them
    verbatim_links: set[str] = field(default_factory=set)

    def park(self, html: str) -> str:
        self.html.append(html)
        return f"SGSC{len(self.html) - 1}CSGS"

    def splice(self, rendered_html: str) -> str:
        """Put parked HTML back; a placeholder alone in a paragraph replaces the paragraph."""
        if "SGSC" not in rendered_html:
            return rendered_html
        # Splitting on the bare placeholder and looking at its neighbours is several
        # times faster than a pattern with an optional `(<p>)?` in front, which the
        # regex engine has to try at every position of the page.
        parts = _PLACEHOLDER.split(rendered_html)  # text, number, text, number, ..., text
        out = [parts[0]]
        for i in range(1, len(parts), 2):
            html, after = self.splice(self.html[int(parts[i])]), parts[i + 1]
            if out[-1].endswith("<p>") and after.startswith("</p>"):
                out[-1] = out[-1][:-3]
                after = after[5:] if after.startswith("</p>\n") else after[4:]
                html = html if html.endswith("\n") else html + "\n"
            out += (html, after)
        return "".join(out)

    def _relocate(self, link: Link) -> Link:
        """Columns were measured on expanded text; find the link in the line as written."""
        lines = self.source.split("\n")
        index = link.line - self.first_line
        if 0 <= index < len(lines) and (found := lines[index].find(link.href)) >= 0:
            return replace(link, col=found + 1)
        return link

    def finish(self, rendered: Rendered, *, check: bool = False) -> Rendered:
        """Splice parked HTML into rendered content and account for what it added.

        With `check` (`sitegen check`) only what check reads is brought up to date:
        anchors, links, refs and the shortcodes used.
        """
        if not self.html and not self.used:
            return rendered
        html = self.splice(rendered.html)
        found = replace(
            rendered,
            html=html,
            anchors=rendered.anchors | element_ids(html),
            links=tuple(self._relocate(link) for link in rendered.links),
            refs=tuple(self.refs),
            shortcodes=frozenset(self.used),
            has_math=rendered.has_math or any("<math" in html for html in self.html),  # katex's
        )
        if check:
            return found
        extra = count_words("\n".join(self.inner_text))
        words = rendered.word_count + sum(extra) - len(self.html)  # placeholders were words
        return replace(
            found,
            summary_html=self.splice(rendered.summary_html),
            toc_html=self.splice(rendered.toc_html),
            word_count=max(words, 0),
            # parked text (a lead paragraph) is read too: about 212 words or 500 CJK a minute
            reading_time=rendered.reading_time + round(extra[0] / 212 + extra[1] / 500),
        )


def dedent_inner(text: str) -> str:
    """Inner content without the indentation its lines share, so a body indented under
    its tag (as Blowfish's docs write tabs) stays Markdown and never becomes a code block.
    The first line is what follows the opening tag on its line: never indented, not counted."""
    first, *rest = text.split("\n")
    margins = [len(line) - len(line.lstrip(" \t")) for line in rest if line.strip()]
    cut = min(margins, default=0)
    if not cut:
        return text
    margin = next(line for line in rest if line.strip())[:cut]
    if any(line.strip() and not line.startswith(margin) for line in rest):
        return text  # tabs on some lines, spaces on others: no margin they share
    return "\n".join([first, *(line[cut:] if line.strip() else "" for line in rest)])
