"""Feed stage: list pages -> RSS 2.0 `index.xml` files, shaped like Hugo's feeds.

Every home, section, taxonomy and term page (unless `[outputs]` turns a kind
off) gets `index.xml` beside its `index.html`, with the same channel and item
elements as Hugo's built-in template, so readers subscribed to a Hugo site
notice nothing when it moves. feedgen writes the XML.

Feeds carry no wall-clock time: `lastBuildDate` is the newest date among the
items, and a feed without dated items has none, so two builds are identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator

from .collation import sort_key as collate
from .config import SiteConfig
from .model import HOME, OutputFile, Page, PageKey, Site
from .safe_text import xml_text
from .urls import feed_url, output_path, permalink

GENERATOR = "sitegen"
Localise = Callable[[str, str], str]  # (html, language code) -> html
# (key, language code, placeholders) -> the language's string, or None when its
# i18n files have none
Translate = Callable[[str, str, Mapping[str, str]], str | None]
# Feed readers have no base URL, so every link and image in an item is made absolute.
_LINK_ATTR = re.compile(r"""(\s(?:src|href|poster)=)(["'])([^"']*)\2""")
_SRCSET = re.compile(r"""(\ssrcset=)(["'])([^"']*)\2""")


@dataclass(frozen=True)
class FeedLink:
    """What a page's `<link rel="alternate">` points at."""

    url: str  # site-relative, percent-encoded
    title: str


def has_feed(config: SiteConfig, page: Page) -> bool:
    return page.kind in config.feed_kinds


def feed_link(site: Site, page: Page) -> FeedLink | None:
    """The feed a page advertises: its own, or else its language's site feed."""
    if not has_feed(site.config, page):
        page = site.home(page.lang)
        if not has_feed(site.config, page):
            return None
    return FeedLink(feed_url(page.url), channel_title(site, page))


def render_feeds(
    site: Site, localise: Localise | None = None, translate: Translate | None = None
) -> list[OutputFile]:
    """One RSS file for every list page that has a feed; `localise` puts each item's
    alert labels in its language (alerts.localiser), `translate` the channel's own
    words (`translator`)."""
    return [
        OutputFile(output_path(site.config, feed_url(page.url)), render_feed(site, page, localise, translate))
        for page in site.pages.values()
        if has_feed(site.config, page)
    ]


def site_title(site: Site, lang: str) -> str:
    """The language's site title; RSS requires a channel title, so a site without
    one (or with only characters XML cannot hold) is named by its host."""
    config = site.config
    names = (config.language(lang).title, config.title, urlsplit(config.base_url).netloc)
    return next((name for name in map(xml_text, names) if name), "sitegen")


# Hugo's English wording, used where the i18n files have no string of their own
# (Hugo's RSS template hard-codes it in every language; we translate it).
WORDING = {
    "feed_title": "{title} on {site}",
    "feed_description_home": "Recent content on {site}",
    "feed_description": "Recent content in {title} on {site}",
}


def _words(translate: Translate | None, page: Page, key: str, **values: str) -> str:
    if translate is not None:
        words = translate(key, page.lang, values)
        if words is not None:
            return words
    return WORDING[key].format(**values)


def channel_title(site: Site, page: Page, translate: Translate | None = None) -> str:
    """Hugo's wording: "LLM on Chen Kai Blog", or just the site title for the home page.

    Hugo also drops " on <site>" when a term happens to be named like the site,
    which makes a series feed look like the site's feed; we don't.
    """
    name = site_title(site, page.lang)
    return name if page.kind == HOME else _words(translate, page, "feed_title", title=page.title, site=name)


def feed_items(site: Site, page: Page) -> list[Page]:
    """The pages a feed lists: the list page's own members in Hugo's default order (by
    weight, none last, then newest first, then title), up to the limit. Hugo's feed
    template ranges over `.Pages` as they are sorted, so a weighted post (or a term with
    a weight in its `_index.md`) leads its feeds there too."""
    items = sorted(site.resolve(page.pages), key=_hugo_order)
    limit = site.config.rss_limit
    return items[:limit] if limit >= 1 else items


def translator(translators: Mapping[str, Any]) -> Translate:
    """`Translate` from the Translators of i18n.py."""

    def translate(key: str, lang: str, values: Mapping[str, str]) -> str | None:
        strings = translators.get(lang)
        return strings(key, **values) if strings is not None and key in strings.strings else None

    return translate


def render_feed(
    site: Site, page: Page, localise: Localise | None = None, translate: Translate | None = None
) -> bytes:
    """The RSS document of one list page."""
    config = site.config
    name = site_title(site, page.lang)
    fg = FeedGenerator()
    fg.title(xml_text(channel_title(site, page, translate)))
    # feedgen gives RSS's <link> the link added last, so the self link comes first
    fg.link(href=permalink(config, feed_url(page.url)), rel="self", type="application/rss+xml")
    fg.link(href=page.permalink)
    fg.description(
        xml_text(
            _words(translate, page, "feed_description_home", site=name)
            if page.kind == HOME
            else _words(translate, page, "feed_description", title=page.title, site=name)
        )
    )
    fg.generator(GENERATOR)
    fg.docs("")  # feedgen adds a link to the RSS spec by default; Hugo's feeds have none
    fg.language(xml_text(config.language(page.lang).locale))
    if config.copyright:
        fg.copyright(xml_text(config.copyright))
    editor = xml_text(_editor(config))
    if editor:
        fg.managingEditor(editor)
        fg.webMaster(editor)
    items = feed_items(site, page)
    newest = max((d for p in items if (d := p.lastmod or p.date) is not None), default=None)
    if newest is not None:
        fg.lastBuildDate(newest)
    else:
        _drop_build_date(fg)
    for item in items:
        _add_item(fg, config, item, localise)
    return fg.rss_str(pretty=False)


def _add_item(fg: FeedGenerator, config: SiteConfig, page: Page, localise: Localise | None) -> None:
    entry = fg.add_entry(order="append")
    entry.title(xml_text(page.title))
    entry.link(href=page.permalink)
    entry.guid(page.permalink, permalink=True)
    if page.date is not None:
        entry.pubDate(page.date)
    html = page.content.html if config.rss_full_content else page.content.summary_html
    if localise is not None:
        html = localise(html, page.lang)
    # An item always has a description, as Hugo's do; a page with no text at all
    # (a term without an _index.md, an empty post) falls back to its description or title.
    body = absolute_links(html, page.permalink) if html.strip() else ""
    # XML cannot hold the control characters HTML forgives (a \x01 pasted into a post)
    entry.description(xml_text(body or escape(page.description or page.title)))


@lru_cache(maxsize=4096)  # a post appears in several feeds (home, section, each tag, series)
def absolute_links(html: str, base: str) -> str:
    """Resolve every `href`, `src`, `poster` and `srcset` URL in html against base."""

    def one(m: re.Match[str]) -> str:
        value = m.group(3)
        return f"{m.group(1)}{m.group(2)}{urljoin(base, value) if value else value}{m.group(2)}"

    def srcset(m: re.Match[str]) -> str:
        parts = []
        for candidate in m.group(3).split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            parts.append(" ".join(filter(None, [urljoin(base, url), descriptor.strip()])))
        return f"{m.group(1)}{m.group(2)}{', '.join(parts)}{m.group(2)}"

    return _SRCSET.sub(srcset, _LINK_ATTR.sub(one, html))


def _hugo_order(page: Page) -> tuple[bool, int, float, bytes, PageKey]:
    stamp = page.date.timestamp() if page.date else float("-inf")
    return (page.weight == 0, page.weight, -stamp, collate(page.lang)(page.title), page.key)


def _editor(config: SiteConfig) -> str:
    """`params.author.email` (and name), as Hugo's template reads them."""
    author = config.params.get("author")
    if not isinstance(author, dict) or not author.get("email"):
        return ""
    name = author.get("name")
    return f"{author['email']} ({name})" if name else str(author["email"])


def _drop_build_date(fg: FeedGenerator) -> None:
    """feedgen fills lastBuildDate with the wall clock and has no way to unset it.

    A feed with no dated items gets none (Hugo's feeds do the same); the
    attribute is checked so a feedgen upgrade that renames it fails loudly
    instead of quietly putting the time of the build into the file.
    """
    attr = "_FeedGenerator__rss_lastBuildDate"
    if not hasattr(fg, attr):
        raise RuntimeError("feedgen changed: cannot leave lastBuildDate out")
    setattr(fg, attr, None)
