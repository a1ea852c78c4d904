"""Featured images: a page -> the image its card and its shared link show.

Where it comes from, first found wins:

1. front matter `featureimage` (Blowfish) or `images: [...]`'s first (Hugo's
   opengraph template); a path in the page's bundle or in `static/`, or a URL;
2. a bundle file named `feature*`, `cover*` or `thumbnail*` (Hugo's and
   Blowfish's bundle convention), in name order;
3. for the social image only: the site's `params.images` first entry (Hugo),
   else `params.defaultSocialImage` (Blowfish).

Templates call `featured_image(page)` (card and `og:image`) and
`social_image(page)` (which adds the site default).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..config import SiteConfig
from ..model import Page
from ..urls import permalink, quote_path
from .rewrite import Rewriter
from .table import ImageTable

_BUNDLE_NAMES = ("feature", "cover", "thumbnail")
CARD_WIDTH = 480  # the card shows the image at most this wide on a phone


@dataclass(frozen=True)
class Featured:
    """An image as the templates print it: URLs, size (0 when unknown) and a card-sized copy."""

    url: str  # site-relative, under baseURL's path; a remote image's own URL
    permalink: str  # absolute, for og:image and JSON-LD
    width: int
    height: int
    # the smallest copy at least CARD_WIDTH wide (the original if none), for a theme that
    # wants one small file; the default theme's card names the original, and srcset does the rest
    card_url: str
    card_width: int
    card_height: int


class FeaturedImages:
    """Finds pages' featured images in the build's image table."""

    def __init__(self, config: SiteConfig, table: ImageTable) -> None:
        self.config, self.table = config, table
        self.rewriter = Rewriter(table, config.base_url, config.base_path)

    def featured_image(self, page: Page) -> Featured | None:
        """The page's own image: front matter first, then its bundle's feature/cover/thumbnail."""
        params: Mapping[str, Any] = page.params
        for src in (params.get("featureimage"), _first(params.get("images"))):
            if isinstance(src, str) and src.strip() and (found := self.lookup(src.strip(), page.output_path)):
                return found
        named = sorted(
            (r for r in page.resources if r.name.lower().startswith(_BUNDLE_NAMES)), key=lambda r: r.name
        )
        for resource in named:
            if self.table.get(resource.output_path):
                return self.at(resource.output_path)
        return None

    def social_image(self, page: Page) -> Featured | None:
        """The image a shared link shows: the page's own, else the site's default."""
        own = self.featured_image(page)
        if own:
            return own
        params = self.config.params
        for src in (
            _first(params.get("images")),
            params.get("defaultSocialImage"),
            params.get("defaultsocialimage"),
        ):
            if isinstance(src, str) and src.strip() and (found := self.lookup(src.strip(), "index.html")):
                return found
        return None

    def lookup(self, src: str, page_path: str) -> Featured | None:
        """A front-matter or config path, relative to the page's folder or the site; or a URL."""
        if src.startswith(("http://", "https://")):
            return Featured(src, src, 0, 0, src, 0, 0)
        path = self.rewriter.resolve(src, page_path)  # beside the page, or under baseURL
        if self.table.get(path) is None and not src.startswith(("/", ".")):
            path = src  # `images: [img/x.jpg]` means static/img/x.jpg in Hugo
        return self.at(path) if self.table.get(path) else None

    def at(self, path: str) -> Featured:
        """The Featured for an image of the table at an output path."""
        picture = self.table.get(path)
        assert picture is not None
        url = quote_path(f"{self.config.base_path}/{path}")
        card = min(
            (v for v in picture.variants if v.format == picture.format and v.width >= CARD_WIDTH),
            key=lambda v: v.width,
            default=None,
        )
        card_url = quote_path(f"{self.config.base_path}/{card.path}") if card else url
        card_size = (card.width, card.height) if card else (picture.width, picture.height)
        return Featured(url, permalink(self.config, url), picture.width, picture.height, card_url, *card_size)


def _first(value: object) -> object:
    if isinstance(value, (list, tuple)) and value:
        return value[0]
    return value if isinstance(value, str) else None
