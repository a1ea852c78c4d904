"""Related posts: for one post, the posts of its language that share its keywords.

Reads the site model and `config.related` (Hugo's `[related]`, config/related.py);
gives templates `site.related(page)`, a short list, best match first.

A post's keywords in an index are its terms when the index names a taxonomy
(tags, series, categories: compared by their URL, so "Python" and "python" are one),
else the strings of that front matter list (`keywords`), lowercased with `toLower`.
A candidate's rank is the sum over indices of weight x shared keywords; its score
is the rank as a percentage of the weights of the indices the post has keywords in,
so sharing one keyword of every such index scores 100. Posts scoring under
`threshold` are left out; with `includeNewer = false` (Hugo's default) so are posts
dated after this one, which keeps an old post's list stable as the blog grows.
Ties go to the newer post, then the title, then the URL: the order never depends
on dict or file order.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .model import PAGE, Page, PageKey

if TYPE_CHECKING:
    from .model import Site

DEFAULT_LIMIT = 3  # Blowfish's params.article.relatedContentLimit default
Keywords = dict[PageKey, dict[str, frozenset[str]]]  # page -> index name -> keywords
Postings = dict[tuple[str, str, str], list[PageKey]]  # (lang, index, keyword) -> pages
Order = dict[PageKey, tuple[float, str, str]]  # page -> (-date, title, URL): the tie-breaks


@dataclass(frozen=True)
class KeywordIndex:
    """Every post's keywords, who has each keyword, and each post's tie-break order."""

    keywords: Keywords
    postings: Postings
    order: Order


def keyword_index(site: Site) -> KeywordIndex:
    """Index the site's posts once; every post's related list reads it."""
    keywords: Keywords = {}
    postings: Postings = defaultdict(list)
    order: Order = {}
    for key, page in site.pages.items():
        if key.kind != PAGE or not page.written:
            continue
        keywords[key] = mine = {
            index.name: _keywords(site, page, index.name, index.to_lower or site.config.related.to_lower)
            for index in site.config.related.indices
        }
        order[key] = (-_stamp(page.date), page.link_title, page.url)
        for name, words in mine.items():
            for word in words:
                postings[(key.lang, name, word)].append(key)
    return KeywordIndex(keywords, dict(postings), order)


def related_pages(site: Site, page: Page, index: KeywordIndex) -> list[Page]:
    """The posts related to page, best first, at most the configured limit."""
    config, mine = site.config.related, index.keywords.get(page.key)
    limit = related_limit(site.config.params)
    if not mine or not limit:
        return []
    weights = {i.name: i.weight for i in config.indices}
    possible = sum(weights[name] for name, words in mine.items() if words)
    if possible <= 0:
        return []
    ranks: dict[PageKey, int] = defaultdict(int)
    for name, words in mine.items():
        for word in words:
            for sharer in index.postings.get((page.lang, name, word), ()):
                ranks[sharer] += weights[name]
    ranks.pop(page.key, None)
    # 100 * rank >= threshold * possible, without rounding; newer posts only with includeNewer
    newest = index.order[page.key][0] if page.date else float("-inf")
    order = index.order
    chosen = [
        k
        for k, rank in ranks.items()
        if 100 * rank >= config.threshold * possible and (config.include_newer or order[k][0] >= newest)
    ]
    best = heapq.nsmallest(limit, chosen, key=lambda k: (-ranks[k], *order[k]))
    return [site.pages[k] for k in best]


def related_limit(params: Mapping[str, Any]) -> int:
    """How many related posts a post lists: Blowfish's `params.article.relatedContentLimit`
    (or `params.relatedContentLimit`); 0 when `showRelatedContent = false`."""
    article = params.get("article")
    article = article if isinstance(article, Mapping) else {}
    show = article.get("showRelatedContent", params.get("showRelatedContent", True))
    limit = article.get("relatedContentLimit", params.get("relatedContentLimit", DEFAULT_LIMIT))
    if show is False or not isinstance(limit, int) or isinstance(limit, bool):
        return 0 if show is False else DEFAULT_LIMIT
    return max(limit, 0)


def _keywords(site: Site, page: Page, name: str, lower: bool) -> frozenset[str]:
    terms = page.terms.get(name.lower())
    if terms is not None:  # a taxonomy: its term pages, which already fold case and spelling
        return frozenset(t.path for t in terms)
    value = page.params.get(name)
    words = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return frozenset(str(w).lower() if lower else str(w) for w in words if str(w).strip())


def _stamp(value: datetime | None) -> float:
    return value.timestamp() if value else float("-inf")
