"""Check stage: the built `Site` -> `Problem`s that need every page at once.

- `#anchor` parts of refs, checked against the target's element ids (Hugo can't);
- plain internal links and images in content, checked against every file the
  build writes or copies;
- series with a repeated or missing `series_order` in one language;
- translation gaps: a page missing in a language, or a draft in one language only;
- mojibake in content files (`sitegen check` only, as warnings; see mojibake.py).

Broken ref anchors follow `refLinksErrorLevel`; the rest are errors only for
`sitegen check` (a build warns), except translation gaps, always warnings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from .errors import Problem, display_path
from .model import PAGE, TERM, Document, Page, PageKey, Site
from .mojibake import find_mojibake
from .suggest import Closest
from .taxonomies import SERIES
from .urls import find_output, without_base

if TYPE_CHECKING:
    from .site import SitePlan


def check_site(site: Site, outputs: Iterable[str], plan: SitePlan, *, strict: bool) -> list[Problem]:
    """Return every whole-site problem; `strict` makes link and series problems errors."""
    link_level = "error" if strict else "warning"
    ref_level = "warning" if site.config.ref_links_error_level == "WARNING" else "error"
    problems = check_ref_anchors(site, ref_level)
    problems += check_links(site, set(outputs), link_level)
    problems += check_series(site, link_level)
    if strict:
        problems += check_translations(site, plan)
        problems += check_mojibake(site, plan.excluded)
    return problems


def check_mojibake(site: Site, excluded: Mapping[PageKey, tuple[Document, str]]) -> list[Problem]:
    """Every content file once, drafts and future posts too: they will be published."""
    sources = {p.source for p in site.pages.values() if p.source is not None}
    sources |= {doc.source.path for doc, _ in excluded.values()}
    problems = []
    for path in sorted(sources):
        problems += find_mojibake(path, path.read_text(encoding="utf-8-sig"))
    return problems


def check_ref_anchors(site: Site, severity: str) -> list[Problem]:
    problems = []
    for page in site.pages.values():
        for use in page.content.refs:
            target = site.get(use.target)
            if target is not None and use.anchor not in target.content.anchors:
                problems.append(
                    Problem(
                        f'ref "{use.ref}": {target.title or target.url} has no heading or element'
                        f' with id "{use.anchor}"',
                        page.source,
                        use.line,
                        use.col,
                        hint=_closest(use.anchor, target),
                        severity=severity,
                    )
                )
    return problems


def check_links(site: Site, outputs: set[str], severity: str) -> list[Problem]:
    """Check links to this site's own pages and files; other hosts are not our business."""
    base = site.config.base_path
    by_path = {p.output_path: p for p in site.pages.values()}
    problems = []
    for page in site.pages.values():
        for link in page.content.links:
            parts = urlsplit(link.href)
            if parts.scheme or parts.netloc or link.href.startswith("//"):
                continue
            path = unquote(urljoin(page.url, parts.path)) if parts.path else unquote(page.url)
            file, _ = find_output(without_base(base, path).lstrip("/"), outputs.__contains__)
            what = "image" if link.image else "link"
            if file is None:
                problems.append(
                    Problem(
                        f"{what} to {link.href} points at nothing this site builds",
                        page.source,
                        link.line,
                        link.col,
                        severity=severity,
                    )
                )
                continue
            target = by_path.get(file)
            if (
                parts.fragment
                and target is not None
                and target.kind == PAGE
                and unquote(parts.fragment) not in target.content.anchors
            ):
                problems.append(
                    Problem(
                        f"{what} to {link.href}: no heading or element with id"
                        f' "{unquote(parts.fragment)}" there',
                        page.source,
                        link.line,
                        link.col,
                        hint=_closest(parts.fragment, target),
                        severity=severity,
                    )
                )
    return problems


def check_series(site: Site, severity: str) -> list[Problem]:
    """A series that numbers its posts needs one `series_order` per post, and no
    number twice. One that numbers none is ordered by weight and date, as a Hugo
    site's series are: there is nothing to warn about."""
    problems = []
    for term in site.pages.values():
        if term.kind != TERM or term.taxonomy != SERIES:
            continue
        seen: dict[int, Page] = {}
        posts = site.resolve(term.pages)
        numbered = any(post.series_order is not None for post in posts)
        for post in posts:
            order = post.series_order
            if order is None and not numbered:
                continue
            if order is None:
                line, col = post.positions.get("series", (None, None))
                problems.append(
                    Problem(
                        f"post in series {term.title!r} has no series_order",
                        post.source,
                        line,
                        col,
                        hint="add series_order: <part number>",
                        severity=severity,
                    )
                )
            elif order in seen:
                line, col = post.positions.get("series_order", (None, None))
                problems.append(
                    Problem(
                        f"series {term.title!r} has series_order {order} twice (also {_where(seen[order])})",
                        post.source,
                        line,
                        col,
                        severity=severity,
                    )
                )
            else:
                seen[order] = post
    return problems


def check_translations(site: Site, plan: SitePlan) -> list[Problem]:
    """Warn where one language has a post that another lacks, or keeps out of this build.

    The plan's translation groups decide what translates what (same path, or the
    same translationKey), for the pages left out too."""
    codes = [lang.code for lang in site.languages]
    if len(codes) < 2:
        return []
    problems = []
    for page in site.regular_pages():
        left_out = plan.unpublished_translations.get(page.key, {})
        missing = []
        for code in codes:
            if code == page.lang or code in page.translations:
                continue
            if code in left_out:
                doc, why = plan.excluded[left_out[code]]
                message = f"published in {page.lang!r} but {why} in {code!r} ({_where_doc(doc)})"
                problems.append(Problem(message, page.source, severity="warning"))
            else:
                missing.append(code)
        # One line per page, however many languages the site has (nine, on Blowfish's own site).
        if len(missing) == 1:
            problems.append(
                Problem(f"no {missing[0]!r} translation of this page", page.source, severity="warning")
            )
        elif missing:
            names = ", ".join(map(repr, missing[:-1])) + f" and {missing[-1]!r}"
            problems.append(
                Problem(f"no translation of this page in {names}", page.source, severity="warning")
            )
    return problems


def _closest(anchor: str, target: Page) -> str | None:
    close = _anchor_index(target.content.anchors)(unquote(anchor))
    return f'did you mean "#{close}"?' if close else None


@lru_cache(maxsize=1024)
def _anchor_index(anchors: frozenset[str]) -> Closest:
    """A page's ids, indexed once however many broken links point into it (a glossary)."""
    return Closest(anchors)


def _where(page: Page) -> str:
    return display_path(page.source) if page.source else page.url


def _where_doc(doc: Document) -> str:
    return display_path(doc.source.path)
