"""Structured data for search engines: a page -> its JSON-LD `<script>` (schema.org).

Posts are a `BlogPosting` with the fields Google's article documentation asks
for (headline, image, datePublished, dateModified, author with its name), plus
inLanguage, url and mainEntityOfPage; the home page is the `WebSite`. Other
pages get none. Built in Python rather than in a template so that the JSON is
always valid and a title holding `</script>` cannot end the element early:
`<`, `>` and `&` are written as JSON's \\u escapes, which mean the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from .config import SiteConfig
from .images.featured import Featured, FeaturedImages
from .model import HOME, PAGE, Page

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


class StructuredData:
    """Makes the JSON-LD of each page of one site."""

    def __init__(self, config: SiteConfig, featured: FeaturedImages) -> None:
        self.config, self.featured = config, featured

    def script(self, page: Page, description: str = "") -> Markup:
        """The page's `<script type="application/ld+json">`, or nothing for other kinds."""
        if page.kind == PAGE:
            data = self.blog_posting(page, description)
        elif page.kind == HOME:
            data = self.website(page, description)
        else:
            return Markup("")
        text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
        for char, escaped in _ESCAPES.items():
            text = text.replace(char, escaped)
        return Markup(f'<script type="application/ld+json">{text}</script>')

    def blog_posting(self, page: Page, description: str) -> dict[str, Any]:
        """schema.org BlogPosting: what Google's article docs list, and the language."""
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": page.title,
            "url": page.permalink,
            "mainEntityOfPage": {"@type": "WebPage", "@id": page.permalink},
            "inLanguage": self.config.language(page.lang).locale,
        }
        if description:
            data["description"] = description
        if page.date:
            data["datePublished"] = page.date.isoformat()
            data["dateModified"] = (page.lastmod or page.date).isoformat()
        if authors := self.authors(page):
            data["author"] = [{"@type": "Person", "name": name} for name in authors]
        if image := self.featured.social_image(page):
            data["image"] = _image(image)
        data["publisher"] = {"@type": "Organization", "name": self._site_title(page)}
        return data

    def website(self, page: Page, description: str) -> dict[str, Any]:
        """schema.org WebSite for a language's home page."""
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": self._site_title(page),
            "url": page.permalink,
            "inLanguage": self.config.language(page.lang).locale,
        }
        if description:
            data["description"] = description
        return data

    def authors(self, page: Page) -> list[str]:
        """The post's `authors`, else the site's `params.author` (a name, or a table with one)."""
        if page.authors:
            return list(page.authors)
        author = self.config.params.get("author")
        if isinstance(author, Mapping):
            author = author.get("name")
        if isinstance(author, str) and author.strip():
            return [author.strip()]
        return []

    def _site_title(self, page: Page) -> str:
        return self.config.language(page.lang).title or self.config.title


def _image(image: Featured) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "ImageObject", "url": image.permalink}
    if image.width:
        data.update(width=image.width, height=image.height)
    return data
