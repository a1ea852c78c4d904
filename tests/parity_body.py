"""What a reader sees of a page's body, in a form Hugo's pages and ours can be compared in.

The themes differ (sitegen's own against the fixture's small Go layouts), so only
what the content decides is read, from elements both sides mark the same way:

- `div.content`, the first one: its words, its heading ids and its link hrefs;
- `.post-card-title a`: the pages a list shows, in order;
- `.term-cloud a`: the terms a taxonomy page shows, in order;
- `nav.pagination a[rel=prev|next]`: where the pager leads;
- `nav.site-nav a`, `nav.footer-nav a`: the menus' links, as "name -> href"
  (tests/test_hugo_menus.py compares nesting and current entries too).

Math is left out on both sides (MathML here, passthrough TeX there), as are
scripts, styles and inline SVG: they are not words.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Tags that don't end a word: text on either side of them runs together.
_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
}  # fmt: skip
_SKIPPED = {"math", "script", "style", "svg", "template"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _classes(attrs: dict[str, str]) -> set[str]:
    return set(attrs.get("class", "").split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str]]] = []
        self.content_depth: int | None = None  # stack depth of the open div.content
        self.content_done = False
        self.skip_depth: int | None = None
        self.words: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.listed: list[str] = []
        self.terms: list[str] = []
        self.pager: dict[str, str] = {}
        self.menu: list[str] = []
        self.menu_link: list[str] | None = None  # [href, text so far] of the open menu link

    def _inside(self, cls: str) -> bool:
        return any(cls in classes for _, classes in self.stack)

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        classes = _classes(attrs)
        in_content = self.content_depth is not None
        if self.skip_depth is None and in_content and (tag in _SKIPPED or "math" in classes):
            self.skip_depth = len(self.stack)
        if tag == "a" and "href" in attrs:
            href = attrs["href"]
            if in_content and self.skip_depth is None:
                self.links.append(href)
            if self._inside("post-card-title"):
                self.listed.append(href)
            if self._inside("term-cloud"):
                self.terms.append(href)
            if self._inside("pagination") and attrs.get("rel") in ("prev", "next"):
                self.pager[attrs["rel"]] = href
            if href and (self._inside("site-nav") or self._inside("footer-nav")):
                self.menu_link = [href, ""]  # an entry with no link: href="" in Hugo, no <a> here
        if in_content and tag in _HEADINGS and attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag not in _INLINE:
            self.words.append(" ")
        if tag in _VOID:
            return
        self.stack.append((tag, classes))
        if tag == "div" and "content" in classes and not self.content_done and self.content_depth is None:
            self.content_depth = len(self.stack)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        else:
            return
        if tag == "a" and self.menu_link is not None:
            href, text = self.menu_link
            self.menu.append(f"{' '.join(text.split())} -> {href}")
            self.menu_link = None
        if tag not in _INLINE:
            self.words.append(" ")
        if self.skip_depth is not None and len(self.stack) <= self.skip_depth:
            self.skip_depth = None
        if self.content_depth is not None and len(self.stack) < self.content_depth:
            self.content_depth = None
            self.content_done = True

    def handle_data(self, data: str) -> None:
        if self.menu_link is not None:
            self.menu_link[1] += data
        if self.content_depth is not None and self.skip_depth is None:
            self.words.append(data)


def read_body(html: str) -> dict[str, Any]:
    """The comparable parts of one built page (empty parts left out, so either theme may lack them)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    body: dict[str, Any] = {
        "words": re.sub(r"\s+", " ", "".join(reader.words)).strip(),
        "ids": reader.ids,
        "links": reader.links,
        "list": reader.listed,
        "terms": reader.terms,
        "pager": reader.pager,
        "menu": reader.menu,
    }
    return {k: v for k, v in body.items() if v}
