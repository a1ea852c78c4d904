"""Taxonomy stage helpers: pages' terms -> term groups, series order and positions.

Terms are grouped per language by their slug, so `LLM` and `llm` are one
term. As in Hugo, the terms of home and section `_index.md` files count, and a
term's own `_index.md` makes a term even when no page names it.
A series lists its posts by `series_order`, ties broken by weight and date; every
post learns its part number and its neighbours in each of its series.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from .collation import sort_key as collate
from .errors import warn
from .model import TERM, Document, PageKey, SeriesPosition
from .urls import urlize

SERIES = "series"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class TermGroup:
    """One term of one taxonomy in one language, with its posts in display order."""

    key: PageKey  # the term page
    taxonomy: str
    name: str  # display name, as the posts spell it
    members: tuple[PageKey, ...]


def term_key(lang: str, taxonomy: str, name: str) -> PageKey:
    """Return the key of a term page; the path is `<taxonomy>/<slug>`."""
    return PageKey(lang, TERM, f"{taxonomy}/{urlize(name)}")


def group_terms(
    docs: Mapping[PageKey, Document],
    taxonomies: Iterable[str],
    term_indexes: Mapping[PageKey, Document] | None = None,
) -> list[TermGroup]:
    """Group published pages by (language, taxonomy, term slug).

    `docs` are the listed posts and, as in Hugo, the home and section pages: terms in
    an `_index.md`'s front matter count, so a term only a section carries has a page
    that lists the section. Each of `term_indexes` (a term's own `_index.md`) is a term
    even when no page carries it: Hugo writes its page, listing nothing.
    """
    # A dict keeps first-seen order and makes "already a member?" O(1): big terms
    # (a tag on every post) made a list search here quadratic.
    members: dict[PageKey, dict[PageKey, None]] = defaultdict(dict)
    spellings: dict[PageKey, Counter[str]] = defaultdict(Counter)
    wanted = set(taxonomies)
    for key, doc in sorted(docs.items()):
        for taxonomy, names in doc.front_matter.taxonomies.items():
            if taxonomy not in wanted:
                continue
            for name in names:
                if not urlize(name):
                    continue
                tkey = term_key(key.lang, taxonomy, name)
                members[tkey][key] = None
                spellings[tkey][name] += 1
    for tkey, index in (term_indexes or {}).items():
        taxonomy = tkey.path.split("/", 1)[0]
        if tkey.kind == TERM and taxonomy in wanted and tkey.path.partition("/")[2] and tkey not in members:
            members[tkey] = {}
            # the folder's name as written, which Hugo's term is when no page names it
            spellings[tkey][index.source.path_key.split("/", 1)[-1]] += 1
    groups = []
    for tkey, keys in sorted(members.items()):
        taxonomy = tkey.path.split("/", 1)[0]
        # the most used spelling wins; ties go to the alphabetically first, for determinism
        # (Hugo takes whichever page its parallel build reads first: a different one per run)
        name = min(spellings[tkey].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        order = series_order if taxonomy == SERIES else default_order
        groups.append(TermGroup(tkey, taxonomy, name, tuple(order(keys, docs))))
    return groups


def warn_split_terms(docs: Mapping[PageKey, Document], taxonomies: Iterable[str]) -> None:
    """A term with `/` or `\\` in it: Hugo makes it a path of folders (a tag `a/b` is
    /tags/a/b/, one `../x` lands at /x/); sitegen keeps a term one folder, so say so."""
    wanted = set(taxonomies)
    for _, doc in sorted(docs.items()):
        for taxonomy, names in doc.front_matter.taxonomies.items():
            for name in names:
                if taxonomy in wanted and ("/" in name or "\\" in name) and urlize(name):
                    line, col = doc.front_matter.positions.get(taxonomy, (None, None))
                    warn(
                        f"{taxonomy}: {name!r} has a slash, which sitegen drops:"
                        f" its page is /{taxonomy}/{urlize(name)}/, where Hugo makes folders of it",
                        doc.source.path,
                        line,
                        col,
                        hint="write the term without slashes to have the same URL in both",
                    )


def terms_of_pages(
    docs: Mapping[PageKey, Document], groups: Iterable[TermGroup]
) -> dict[PageKey, dict[str, tuple[PageKey, ...]]]:
    """Each page's term pages per taxonomy, in the order its front matter names them
    (Hugo's `.GetTerms`); a spelling twice (`LLM`, `llm`) is one term."""
    built = {g.key for g in groups}
    found: dict[PageKey, dict[str, tuple[PageKey, ...]]] = {}
    for key, doc in docs.items():
        per: dict[str, tuple[PageKey, ...]] = {}
        for taxonomy, names in doc.front_matter.taxonomies.items():
            keys = dict.fromkeys(term_key(key.lang, taxonomy, n) for n in names)
            if mine := tuple(k for k in keys if k in built):
                per[taxonomy] = mine
        if per:
            found[key] = per
    return found


def default_order(keys: Iterable[PageKey], docs: Mapping[PageKey, Document]) -> list[PageKey]:
    """Sort the way lists sort everywhere, as Hugo does: weight, then newest first, then
    title in the language's alphabetical order."""

    def sort_key(key: PageKey) -> tuple[bool, int, float, bytes, str]:
        fm = docs[key].front_matter
        stamp = (fm.date or _EPOCH).timestamp()
        return (fm.weight == 0, fm.weight, -stamp, collate(key.lang)(fm.title), key.path)

    return sorted(keys, key=sort_key)


def series_order(keys: Iterable[PageKey], docs: Mapping[PageKey, Document]) -> list[PageKey]:
    """Sort a series by `series_order`, ties (and posts without one) by weight, as Hugo
    sites number their parts, then by date, oldest first."""

    def sort_key(key: PageKey) -> tuple[bool, int, bool, int, float, str, str]:
        fm = docs[key].front_matter
        stamp = (fm.date or _EPOCH).timestamp()
        order = fm.series_order
        return (order is None, order or 0, fm.weight == 0, fm.weight, stamp, fm.title.lower(), key.path)

    return sorted(keys, key=sort_key)


def series_positions(groups: Iterable[TermGroup]) -> dict[PageKey, tuple[SeriesPosition, ...]]:
    """Tell every post where it sits in each of its series."""
    found: dict[PageKey, list[SeriesPosition]] = defaultdict(list)
    for group in groups:
        if group.taxonomy != SERIES:
            continue
        parts = group.members
        for i, key in enumerate(parts):
            found[key].append(
                SeriesPosition(
                    series=group.key,
                    name=group.name,
                    part=i + 1,
                    parts=parts,
                    prev=parts[i - 1] if i > 0 else None,
                    next=parts[i + 1] if i + 1 < len(parts) else None,
                )
            )
    return {key: tuple(positions) for key, positions in found.items()}


def term_translations(
    groups: Iterable[TermGroup], page_translations: Mapping[PageKey, Mapping[str, PageKey]]
) -> dict[PageKey, dict[str, PageKey]]:
    """Link a term to its counterpart in each other language.

    A term with the same slug in another language is its translation (a tag
    `LLM` in both); that is the only rule for tags. A series named differently per language
    ("LLM Engineering Notes" / "LLM 工程笔记") is matched through its posts:
    the term that most of its posts' translations carry.
    """
    groups = list(groups)
    by_key = {g.key: g for g in groups}
    terms_of: dict[PageKey, list[TermGroup]] = defaultdict(list)
    for group in groups:
        for member in group.members:
            terms_of[member].append(group)
    result: dict[PageKey, dict[str, PageKey]] = defaultdict(dict)
    for group in groups:
        if group.taxonomy != SERIES:
            # a post carries many tags, so sharing posts says nothing about which tag
            # translates which; a series is one per post, so its posts do say it
            continue
        votes: dict[str, Counter[PageKey]] = defaultdict(Counter)
        for member in group.members:
            for lang, other in page_translations.get(member, {}).items():
                for candidate in terms_of.get(other, ()):
                    if candidate.taxonomy == group.taxonomy:
                        votes[lang][candidate.key] += 1
        for lang, counter in votes.items():
            same_slug = PageKey(lang, TERM, group.key.path)
            if same_slug in by_key:
                result[group.key][lang] = same_slug
            else:
                result[group.key][lang] = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    by_path: dict[str, list[PageKey]] = defaultdict(list)
    for group in groups:
        by_path[group.key.path].append(group.key)
    for group in groups:  # same slug, even with no translated posts in common
        for other in by_path[group.key.path]:
            if other.lang != group.key.lang:
                result[group.key].setdefault(other.lang, other)
    return result
