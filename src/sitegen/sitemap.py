"""Sitemap stage: `Site` -> `sitemap.xml` (with hreflang alternates) and `robots.txt`.

One sitemap covers every language; each URL lists its translations as
`xhtml:link rel="alternate" hreflang=…`, the form search engines document for
multilingual sites, plus `x-default` naming the default language's version (the
page a reader whose language has no version should get; the same link the page's
own <head> carries). Dates come from content, never from the clock.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .model import NOT_FOUND, SEARCH, OutputFile, Page, Site
from .urls import ROBOTS_NAME, SITEMAP_NAME, permalink, sitemap_url


def render_sitemap(site: Site) -> OutputFile:
    """Write every page that a search engine should know about."""
    lines = [
        '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in sorted(site.pages.values(), key=lambda p: p.permalink):
        if page.kind in (NOT_FOUND, SEARCH) or not page.written:  # nothing to find there
            continue
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(page.permalink)}</loc>")
        if page.lastmod:
            lines.append(f"    <lastmod>{page.lastmod.isoformat()}</lastmod>")
        lines.extend(_alternates(site, page))
        lines.append("  </url>")
    lines.append("</urlset>")
    return OutputFile(SITEMAP_NAME, ("\n".join(lines) + "\n").encode("utf-8"))


def _alternates(site: Site, page: Page) -> list[str]:
    if not page.translations:
        return []
    versions = [page, *site.resolve(page.translations.values())]
    named = [
        (site.config.language(v.lang).locale, v.permalink) for v in sorted(versions, key=lambda p: p.lang)
    ]
    default = [v.permalink for v in versions if v.lang == site.config.default_language]
    return [
        f'    <xhtml:link rel="alternate" hreflang={quoteattr(hreflang)} href={quoteattr(url)}/>'
        for hreflang, url in [*named, *(("x-default", url) for url in default)]
    ]


def render_robots(site: Site) -> OutputFile:
    """Allow everything and point crawlers at the sitemap."""
    sitemap = permalink(site.config, sitemap_url(site.config))
    text = f"User-agent: *\nAllow: /\nSitemap: {sitemap}\n"
    return OutputFile(ROBOTS_NAME, text.encode("utf-8"))
