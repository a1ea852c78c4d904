"""The archive page: a language's posts grouped by year, newest first.

Reads the site model; gives templates `site.archive(lang)` for a page with
`layout: archives` (content/archives/_index.md, as PaperMod and other Hugo themes
do it). The posts are those the language's home page lists (Hugo's
`params.mainSections`, else the biggest section); a post without a date has no
year and is left out. Within a year: newest first, then by title and URL, so the
order never depends on file order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Page, Site


@dataclass(frozen=True)
class ArchiveYear:
    """One year of the archive and its posts, newest first."""

    year: int
    pages: tuple[Page, ...]


def archive_years(site: Site, lang: str) -> list[ArchiveYear]:
    """Return the language's listed posts by year: the newest year first."""
    dated = [p for p in site.resolve(site.home(lang).pages) if p.date is not None and p.kind == "page"]
    dated.sort(key=lambda p: (-p.date.timestamp() if p.date else 0.0, p.link_title, p.url))
    years: dict[int, list[Page]] = {}
    for page in dated:
        assert page.date is not None
        years.setdefault(page.date.year, []).append(page)
    return [ArchiveYear(year, tuple(pages)) for year, pages in years.items()]
