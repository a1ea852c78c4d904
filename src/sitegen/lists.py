"""List pages: posts -> home, section, taxonomy, term and 404 page specs per language.

A list page lists its members by key in display order; its `_index.md`, when
there is one, gives its title, description and text. Part of the site-model
stage (`site.py`), kept apart so each module stays readable.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from .collation import sort_key
from .config import SiteConfig
from .errors import warn
from .model import HOME, NOT_FOUND, SEARCH, SECTION, TAXONOMY, TERM, Document, PageKey
from .search import search_enabled
from .suggest import Closest
from .taxonomies import TermGroup, default_order
from .titles import title_case
from .urls import clean_path, language_root_alias, section_path, site_url, urlize


@dataclass(frozen=True)
class PageSpec:
    """A page as planned, before its content is rendered; `site.py` makes it a `Page`."""

    key: PageKey
    title: str
    url: str
    doc: Document | None = None
    date: datetime | None = None
    pages: tuple[PageKey, ...] = ()  # a list page's members, in display order
    section: str = ""  # a post's top folder; a section page's own path
    aliases: tuple[str, ...] = ()  # site-relative URLs that redirect here
    taxonomy: str = ""  # taxonomy and term pages: the taxonomy's plural ("tags")
    term: str = ""  # term pages: the term as written


def list_specs(
    config: SiteConfig,
    posts: Mapping[PageKey, Document],
    indexes: Mapping[PageKey, Document],
    groups: list[TermGroup],
    taken: frozenset[str] = frozenset(),
) -> dict[PageKey, PageSpec]:
    """Make the home, section, taxonomy, term, 404 and search pages of every language;
    `taken`: the URLs of posts, which the search page leaves to them."""
    specs: dict[PageKey, PageSpec] = {}
    sections_shown = main_sections(config, posts)
    for lang in config.languages:
        code = lang.code
        # Hugo's build.list: "never" is in no list, "local" in its section's and terms' only
        mine = [k for k in posts if k.lang == code and posts[k].front_matter.list_mode != "never"]
        home = PageKey(code, HOME, "")
        main = [
            k for k in mine if section_of(k) in sections_shown and posts[k].front_matter.list_mode == "always"
        ]
        specs[home] = _list_spec(
            config, home, lang.title or config.title, "/", default_order(main, posts), posts, indexes
        )
        if not lang.prefix and len(config.languages) > 1:  # as Hugo: /zh-cn/ leads to /
            home_spec = specs[home]
            specs[home] = replace(home_spec, aliases=(*home_spec.aliases, language_root_alias(config, lang)))
        for section in sorted(
            {section_of(k) for k in mine} - {""}
            | {k.path for k in indexes if k.lang == code and k.kind == SECTION}
        ):
            members = [k for k in mine if k.path.startswith(section + "/")]
            key = PageKey(code, SECTION, section)
            specs[key] = _list_spec(
                config,
                key,
                section.rsplit("/", 1)[-1].replace("-", " ").title(),
                section_path(section, lang.disable_path_to_lower),
                default_order(members, posts),
                posts,
                indexes,
            )
        not_found = PageKey(code, NOT_FOUND, "")
        specs[not_found] = PageSpec(not_found, "404", site_url(config, lang, "/404.html"))
        search, search_url = PageKey(code, SEARCH, "search"), site_url(config, lang, "/search/")
        if search_enabled(config) and search_url not in taken:  # a content/search.md is the author's
            specs[search] = PageSpec(search, "Search", search_url)
    specs.update(_taxonomy_specs(config, posts, indexes, groups, specs))
    return specs


def section_of(key: PageKey) -> str:
    """A post's section is its top folder; posts at the content root have section ""."""
    return key.path.split("/")[0] if "/" in key.path else ""


def main_sections(config: SiteConfig, posts: Mapping[PageKey, Document]) -> frozenset[str]:
    """The sections whose posts the home page lists: Hugo's `params.mainSections`,
    else the section with the most posts (so an About page stays off the home list)."""
    configured = config.params.get("mainSections") or config.params.get("mainsections")
    if configured:
        return frozenset([configured] if isinstance(configured, str) else map(str, configured))
    counts = Counter(section_of(k) for k in posts)
    if not counts:
        return frozenset()
    return frozenset({min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]})


def _taxonomy_specs(
    config: SiteConfig,
    posts: Mapping[PageKey, Document],
    indexes: Mapping[PageKey, Document],
    groups: list[TermGroup],
    sections: Mapping[PageKey, PageSpec],
) -> dict[PageKey, PageSpec]:
    """Term pages, and every configured taxonomy's page in every language: Hugo
    writes /tags/ even when no page has a tag (unless `disableKinds` says not to)."""
    specs: dict[PageKey, PageSpec] = {}
    by_taxonomy: dict[tuple[str, str], list[PageKey]] = defaultdict(list)
    for group in groups:
        by_taxonomy[(group.key.lang, group.taxonomy)].append(group.key)
        doc = indexes.get(group.key)
        slug = doc.front_matter.slug if doc and doc.front_matter.slug else group.key.path.split("/", 1)[1]
        keep = config.language(group.key.lang).disable_path_to_lower
        if keep and not (doc and doc.front_matter.slug):  # the term as the posts spell it
            slug = urlize(group.name, keep_case=True) or slug
        path = re.sub(r"/{2,}", "/", f"/{group.taxonomy}/{slug if keep else slug.lower()}/")
        title = group.name
        if config.capitalize_list_titles:  # as Hugo titles a term page without a title of its own
            title = title_case(title, config.title_case_style.lower())
        spec = _list_spec(config, group.key, title, path, group.members, posts, indexes)
        # a section carrying the term dates it by its newest post, as in Hugo (the home
        # page, oddly, does not)
        dates = [d for k in group.members if k.kind == SECTION and (d := sections[k].date)]
        date = max([*dates, spec.date] if spec.date else dates, default=None)
        specs[group.key] = replace(spec, date=date, taxonomy=group.taxonomy, term=group.name)
    if TAXONOMY in config.disable_kinds:
        return specs
    for lang in config.languages:
        for taxonomy in config.taxonomies.values():
            # Hugo's `.Data.Terms.Alphabetical`: by the term's name (lowercased, as posts
            # spell it; not a title its _index.md gives), as the language collates.
            collate = sort_key(lang.code)
            terms = sorted(
                by_taxonomy.get((lang.code, taxonomy), []),
                key=lambda k: (collate(specs[k].term.lower()), k.path),
            )
            key = PageKey(lang.code, TAXONOMY, taxonomy)
            spec = _list_spec(config, key, taxonomy.title(), f"/{taxonomy}/", terms, posts, indexes)
            specs[key] = replace(spec, taxonomy=taxonomy)
    return specs


def _list_spec(
    config: SiteConfig,
    key: PageKey,
    title: str,
    path: str,
    members: Iterable[PageKey],
    posts: Mapping[PageKey, Document],
    indexes: Mapping[PageKey, Document],
) -> PageSpec:
    """A list page; its `_index.md`, if any, gives its title, description and text."""
    members = tuple(members)
    doc = indexes.get(key)
    dates = [d for k in members if (d := _newest(posts, k)) is not None]
    if doc and doc.front_matter.title:
        title = doc.front_matter.title
    url = site_url(config, config.language(key.lang), path)
    if doc and doc.front_matter.url:
        url = site_url(config, config.language(key.lang), clean_path(doc.front_matter.url), prefixed=False)
    aliases = spec_aliases(config, key, doc) if doc else ()
    section = key.path if key.kind == SECTION else ""
    return PageSpec(key, title, url, doc, max(dates) if dates else None, members, section, aliases)


def _newest(posts: Mapping[PageKey, Document], key: PageKey) -> datetime | None:
    doc = posts.get(key)
    if doc is None:  # a term key inside a taxonomy list
        return None
    return doc.front_matter.lastmod or doc.front_matter.date


def spec_aliases(config: SiteConfig, key: PageKey, doc: Document) -> tuple[str, ...]:
    lang = config.language(key.lang)
    return tuple(site_url(config, lang, clean_path(a)) for a in doc.front_matter.aliases)


TYPO = 0.85  # how close an unused term's name must be to a used one to look like a typo of it


def warn_likely_typos(specs: Mapping[PageKey, PageSpec]) -> None:
    """A term `_index.md` no page uses makes a page listing nothing, as in Hugo (an
    author with no posts yet). One named almost like a term in use is likely a typo."""
    empty = sorted(k for k, s in specs.items() if k.kind == TERM and not s.pages and s.doc)
    guesses: dict[tuple[str, str], Closest] = {}
    for key in empty:
        taxonomy, _, name = key.path.partition("/")
        group = (key.lang, taxonomy)
        if group not in guesses:
            used = (
                k.path.partition("/")[2]
                for k, s in specs.items()
                if k.kind == TERM and s.pages and (k.lang, s.taxonomy) == group
            )
            guesses[group] = Closest(used, cutoff=TYPO)
        if close := guesses[group](name):
            doc = specs[key].doc
            assert doc is not None
            warn(
                f"no published post in {key.lang!r} uses {key.path!r}, so its page lists nothing",
                doc.source.path,
                hint=f"did you mean '{taxonomy}/{close}'?",
            )
