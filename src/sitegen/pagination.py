"""Pagination, part of the site model: a list page and its members -> its pagers.

Home, section, taxonomy and term pages are split as Hugo splits them, into pagers
of `pagination.pagerSize` entries (per language if it says so): the first at the
list's own URL, the others at `<list>/page/N/`, and `<list>/page/1/` a redirect to
the list unless `disableAliases`. A list with fewer entries still has its one
pager and that redirect, as in Hugo.

Series pages are split too, into pagers in reading order whose part numbers go
on from the pager before (page 2 starts at part 5): a Hugo site's series pages
have these URLs, and each post's series box lists every part anyway.

Pagers are not pages of the site model but more files of their list page, made
from its members. So the sitemap and the feeds, which list pages, stay as they
were (Hugo's do too), and the build cache and `serve` see a pager through its list
page: an edit that adds a post changes the plan, which renders every list again.
The owners of output paths (owners.py) and the templates (render.py) both ask
here, so the paths claimed are the paths written.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import SiteConfig
from .model import HOME, SECTION, TAXONOMY, TERM, Page, PageKey, Site
from .urls import pager_url, permalink

PAGINATED = frozenset({HOME, SECTION, TAXONOMY, TERM})
_AROUND = 2  # numbered links shown each side of the current pager, besides first and last


@dataclass(frozen=True)
class Pager:
    """One pager of a list page: its number, URL and the entries it shows."""

    number: int  # 1-based
    url: str  # site-relative, encoded
    members: tuple[PageKey, ...]
    offset: int  # entries on the pagers before this one


def pagers(config: SiteConfig, key: PageKey, url: str, members: tuple[PageKey, ...]) -> tuple[Pager, ...]:
    """The pagers of a list page (none for other kinds): at least one, even when empty."""
    if key.kind not in PAGINATED:
        return ()
    settings = config.pagination_of(key.lang)
    size = settings.pager_size
    count = max(1, -(-len(members) // size))
    return tuple(
        Pager(n, pager_url(url, settings.path, n), members[(n - 1) * size : n * size], (n - 1) * size)
        for n in range(1, count + 1)
    )


def first_pager_alias(config: SiteConfig, key: PageKey, url: str) -> str | None:
    """`<list>/page/1/`, Hugo's redirect to the first pager; None if there is none."""
    settings = config.pagination_of(key.lang)
    if key.kind not in PAGINATED or settings.disable_aliases:
        return None
    return pager_url(url, settings.path, 1, alias=True)


@dataclass(frozen=True)
class PagerLink:
    """A numbered link of a pagination bar."""

    number: int
    url: str
    current: bool


@dataclass(frozen=True)
class Paginator:
    """What a list template sees as `paginator`: the pager being rendered and its neighbours."""

    pager: Pager
    pagers: tuple[Pager, ...]
    pages: list[Page]  # this pager's entries
    permalink: str  # of this pager, for <link rel="canonical">
    total_items: int

    @property
    def number(self) -> int:
        return self.pager.number

    @property
    def url(self) -> str:
        return self.pager.url

    @property
    def offset(self) -> int:
        return self.pager.offset

    @property
    def total(self) -> int:
        return len(self.pagers)

    @property
    def prev(self) -> Pager | None:
        return self.pagers[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> Pager | None:
        return self.pagers[self.number] if self.number < self.total else None

    @property
    def links(self) -> list[PagerLink | None]:
        """Numbered links: the first, the last and two each side of the current one;
        None where numbers are left out (a theme shows "…"), so 100 pagers stay a short bar."""
        shown = [
            p for p in self.pagers if p.number in (1, self.total) or abs(p.number - self.number) <= _AROUND
        ]
        out: list[PagerLink | None] = []
        for p in shown:
            if out and (last := out[-1]) is not None and p.number > last.number + 1:
                out.append(None)
            out.append(PagerLink(p.number, p.url, p.number == self.number))
        return out


def paginator(site: Site, page: Page, number: int = 1) -> Paginator | None:
    """The paginator of one pager of a list page; None for pages that are no lists."""
    found = pagers(site.config, page.key, page.url, page.pages)
    if not found:
        return None
    pager = found[number - 1]
    return Paginator(
        pager,
        found,
        site.resolve(pager.members),
        permalink(site.config, pager.url),
        len(page.pages),
    )
