"""Site-model stage, in two steps.

`plan_site`: parsed `Document`s -> `SitePlan`. Leaves out drafts and future
posts (unless asked), gives every page its URL, links translations, builds
sections, taxonomies and terms (series in `series_order`). It needs front
matter only, so refs can be resolved against it before any Markdown is
rendered, and so can the owner of every output file (`owners.py`).

`build_site`: the plan plus each page's `Rendered` content -> one immutable `Site`.

List pages (home, sections, taxonomies, terms, 404) are specified in `lists.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from .config import SiteConfig
from .errors import SitegenError, display_path, warn
from .language_twins import keep_hugos_twin, language_twins
from .lists import PageSpec, list_specs, section_of, spec_aliases, warn_likely_typos
from .model import (
    BROKEN,
    EMPTY_RENDERED,
    HOME,
    PAGE,
    SECTION,
    TAXONOMY,
    TERM,
    Document,
    FrontMatter,
    Menus,
    Page,
    PageKey,
    Rendered,
    Resource,
    SeriesPosition,
    ShortcodePage,
    Site,
    Source,
)
from .refs import RefTarget
from .suggest import Closest
from .taxonomies import (
    TermGroup,
    group_terms,
    series_positions,
    term_translations,
    terms_of_pages,
    warn_split_terms,
)
from .urls import clean_path, output_path, page_path, permalink, rebase_links, site_url, too_long_name, urlize

NOT_RENDERED = "set to build.render: never"  # why such a page is left out (menus still list it)


@dataclass(frozen=True)
class SitePlan:
    """Every page's key, URL and relations, before content is rendered."""

    config: SiteConfig
    specs: Mapping[PageKey, PageSpec]
    translations: Mapping[PageKey, Mapping[str, PageKey]]
    positions: Mapping[PageKey, tuple[SeriesPosition, ...]]
    terms: Mapping[PageKey, Mapping[str, tuple[PageKey, ...]]]
    excluded: Mapping[PageKey, tuple[Document, str]]  # left out, and why ("a draft", …)
    # a published page's translations that are left out of this build, by language
    unpublished_translations: Mapping[PageKey, Mapping[str, PageKey]]
    now: datetime | None = None  # the build's clock: a page dated after it is "future" (-F)

    def documents(self) -> list[tuple[PageKey, Document]]:
        """The published documents that need rendering, in key order."""
        return [(k, s.doc) for k, s in sorted(self.specs.items()) if s.doc is not None]

    def future_keys(self) -> list[PageKey]:
        """The pages published after this build's clock (in the build with -F): their
        badges change with the clock, not with any file."""
        return sorted(k for k, s in self.specs.items() if s.doc and is_future(s.doc.front_matter, self.now))

    def ref_target(self, key: PageKey) -> RefTarget:
        """The ref target for a published page: where relative refs in it start from."""
        return self._targets[key]

    @cached_property
    def _targets(self) -> dict[PageKey, RefTarget]:
        return {t.key: t for t in self.ref_targets if t.unpublished is None}

    @cached_property
    def ref_targets(self) -> tuple[RefTarget, ...]:
        """Every page a ref may name: published ones with their URLs, and left-out ones
        with the reason, so a ref to a draft is an error that says so."""
        content = (self.config.site_dir / self.config.content_dir).resolve()
        targets = []
        for key, spec in self.specs.items():
            if spec.doc is not None:
                src = spec.doc.source
                source, root, bundle = src.path, src.content_root, src.bundle
            else:  # a list page with no _index.md still answers to its path
                source, root, bundle = content / key.path / "_index.md", content, False
            fm = spec.doc.front_matter if spec.doc is not None else None
            targets.append(
                RefTarget(
                    key,
                    source,
                    root,
                    bundle,
                    None,
                    spec.url,
                    permalink(self.config, spec.url),
                    spec.title,
                    spec.date,
                    (fm.summary or fm.description) if fm else "",
                    _card_params(fm, spec.section),
                )
            )
        for key, (doc, why) in self.excluded.items():
            if key not in self.specs:
                src = doc.source
                targets.append(RefTarget(key, src.path, src.content_root, src.bundle, why, None, None))
        return tuple(targets)

    def resources(self, key: PageKey) -> tuple[Resource, ...]:
        """The files a page bundle publishes beside its page."""
        spec = self.specs[key]
        return _resources(spec.doc, output_path(self.config, spec.url))

    def shortcode_page(self, key: PageKey) -> ShortcodePage:
        """The view of a page that shortcode templates get while it renders."""
        from .link_targets import resource_urls  # it reads the plan: imported when asked

        spec = self.specs[key]
        fm = spec.doc.front_matter if spec.doc else None
        return ShortcodePage(
            key,
            spec.title,
            key.lang,
            spec.url,
            permalink(self.config, spec.url),
            spec.date,
            fm.params if fm else MappingProxyType({}),
            spec.section,
            spec.doc.source.path if spec.doc else Path(),
            MappingProxyType(dict(sorted(resource_urls(self, key).items())))
            if spec.doc and spec.doc.source.bundle
            else _NONE,
        )


_NONE: Mapping[str, str] = MappingProxyType({})


def _card_params(fm: FrontMatter | None, section: str) -> tuple[tuple[str, str], ...]:
    """What list's `where=` may filter on: Type and Section as Hugo names them, then
    each scalar front-matter param (`Params.x` or `x`)."""
    kind = str(fm.params.get("type", "")) if fm else ""
    found = [("Type", kind or section), ("Section", section)]
    for name, value in sorted(fm.params.items()) if fm else ():
        if isinstance(value, str | int | float | bool):
            found.append((f"Params.{name}", str(value).lower() if isinstance(value, bool) else str(value)))
    return tuple(found)


def plan_site(
    config: SiteConfig, documents: Iterable[Document], now: datetime, broken: Iterable[Source] = ()
) -> SitePlan:
    """Decide which pages exist, their URLs and how they relate."""
    docs, excluded = select_documents(config, documents, now)
    for source in broken:
        doc = Document(source, FrontMatter(), "", 1)
        excluded.setdefault(document_key(config, doc), (doc, BROKEN))
    posts = {k: d for k, d in docs.items() if k.kind == PAGE}
    indexes = {k: d for k, d in docs.items() if k.kind != PAGE}
    specs = {key: _post_spec(config, key, doc) for key, doc in posts.items()}
    groups = _term_groups(config, posts, indexes)
    specs.update(list_specs(config, posts, indexes, groups, frozenset(s.url for s in specs.values())))
    _warn_unused_indexes({k: d for k, d in indexes.items() if k.kind not in config.disable_kinds}, specs)
    warn_likely_typos(specs)
    translations, left_out = _translations(docs, specs, excluded)
    translations.update(term_translations(groups, translations))
    positions = series_positions(groups)
    return SitePlan(
        config,
        MappingProxyType(specs),
        MappingProxyType(translations),
        MappingProxyType(positions),
        MappingProxyType(terms_of_pages(_carriers(posts, indexes), groups)),
        MappingProxyType(excluded),
        MappingProxyType(left_out),
        now,
    )


def build_site(
    plan: SitePlan, rendered: Mapping[PageKey, Rendered], menus: Mapping[str, Menus] | None = None
) -> Site:
    """Freeze the plan, the rendered content and the menus (menus.py) into the site model."""
    config = plan.config
    pages = {
        key: _freeze(
            config,
            spec,
            rendered.get(key, EMPTY_RENDERED),
            plan.translations.get(key, {}),
            plan.positions.get(key, ()),
            plan.terms.get(key, {}),
            plan.now,
        )
        for key, spec in plan.specs.items()
    }
    return Site(
        config=config,
        pages=MappingProxyType(dict(sorted(pages.items()))),
        homes=MappingProxyType({lang.code: PageKey(lang.code, HOME, "") for lang in config.languages}),
        taxonomies=MappingProxyType({(k.lang, k.path): k for k in pages if k.kind == TAXONOMY}),
        menus=MappingProxyType(dict(menus or {})),
    )


def refresh_page(plan: SitePlan, site: Site, key: PageKey, content: Rendered) -> Site:
    """The site with one page's content replaced; every other page is shared as it is."""
    page = _freeze(
        plan.config,
        plan.specs[key],
        content,
        plan.translations.get(key, {}),
        plan.positions.get(key, ()),
        plan.terms.get(key, {}),
        plan.now,
    )
    return replace(site, pages=MappingProxyType({**site.pages, key: page}))


def select_documents(
    config: SiteConfig, documents: Iterable[Document], now: datetime
) -> tuple[dict[PageKey, Document], dict[PageKey, tuple[Document, str]]]:
    """Key each document; leave out drafts and future posts unless the build wants them."""
    chosen: dict[PageKey, Document] = {}
    excluded: dict[PageKey, tuple[Document, str]] = {}
    for doc in documents:
        key = document_key(config, doc)
        why = unpublished_reason(config, doc, now)
        if why:
            excluded.setdefault(key, (doc, why))
            continue
        if key in chosen and language_twins(chosen[key], doc):
            chosen[key] = keep_hugos_twin(chosen[key], doc)
            continue
        if key in chosen:
            raise SitegenError(
                f"{display_path(chosen[key].source.path)} and this file are the same page"
                f" ({key.lang}: {key.path or '/'})",
                doc.source.path,
                hint="remove one of them, or give them different names",
            )
        chosen[key] = doc
    return chosen, excluded


def unpublished_reason(config: SiteConfig, doc: Document, now: datetime) -> str | None:
    """Why a document is left out of this build, or None if it is in."""
    fm = doc.front_matter
    if fm.draft and not config.build_drafts:
        return "a draft"
    if fm.render == "never":  # Hugo: no page of its own; Hugo's headless bundles too
        return "headless" if "headless" in fm.positions else NOT_RENDERED
    publish = fm.publish_date or fm.date
    if publish and publish > now and not config.build_future:
        return f"dated in the future ({publish:%Y-%m-%d})"
    return None


def is_future(fm: FrontMatter, now: datetime | None) -> bool:
    """Whether a page is published after the build's clock (Hugo's publishDate, else date)."""
    publish = fm.publish_date or fm.date
    return bool(publish and now and publish > now)


def document_key(config: SiteConfig, doc: Document) -> PageKey:
    """Return the page key of a document; term folders are matched by slug."""
    src = doc.source
    path = src.path_key
    if src.kind == TERM:
        taxonomy, _, name = path.partition("/")
        path = f"{taxonomy.lower()}/{urlize(name)}"
    elif src.kind == TAXONOMY:
        path = path.lower()
    return PageKey(src.lang, src.kind, path)


def _post_spec(config: SiteConfig, key: PageKey, doc: Document) -> PageSpec:
    fm = doc.front_matter
    lang = config.language(key.lang)
    parts = key.path.split("/")
    section = section_of(key)
    if fm.url:  # as in Hugo 0.168, a page's own url gets no language prefix (aliases do)
        url = site_url(config, lang, clean_path(fm.url), prefixed=False)
    else:
        path = page_path(
            config,
            section=section,
            dir_parts=parts[:-1],
            name=parts[-1],
            slug=fm.slug,
            title=fm.title,
            date=fm.date,
            keep_case=lang.disable_path_to_lower,
        )
        url = site_url(config, lang, path)
        if name := too_long_name(path):  # a permalink's :title; front matter checked the rest
            line, col = fm.positions.get("title", (None, None))
            raise SitegenError(
                f"the URL part {name[:20] + '…'!r} made from the title is {len(name.encode())} bytes;"
                " a file name holds 255 at most",
                doc.source.path,
                line,
                col,
                hint="give the page a shorter slug; a CJK character takes 3 bytes",
            )
    title = fm.title or parts[-1].replace("-", " ").title()
    aliases = spec_aliases(config, key, doc)
    return PageSpec(key, title, url, doc, fm.date, section=section, aliases=aliases)


def _warn_unused_indexes(indexes: Mapping[PageKey, Document], specs: Mapping[PageKey, PageSpec]) -> None:
    """An `_index.md` that builds nothing is worth a word, with a guess."""
    guesses: dict[tuple[str, str], Closest] = {}
    for key, doc in sorted(indexes.items()):
        if key in specs:
            continue
        group = (key.kind, key.lang)
        if group not in guesses:  # once per kind and language, not once per file
            guesses[group] = Closest(k.path for k in specs if (k.kind, k.lang) == group)
        close = guesses[group](key.path)
        warn(
            f"no published post in {key.lang!r} uses {key.path!r}, so this page is not built",
            doc.source.path,
            hint=f"did you mean {close!r}?" if close else "drafts count only with -D",
        )


def _translations(
    docs: Mapping[PageKey, Document],
    specs: Mapping[PageKey, PageSpec],
    excluded: Mapping[PageKey, tuple[Document, str]],
) -> tuple[dict[PageKey, dict[str, PageKey]], dict[PageKey, dict[str, PageKey]]]:
    """Pages with the same content path, or the same translationKey, translate each other.

    Returns each published page's translations, and (for `check`) those that
    exist but are left out of this build: drafts, future posts, broken files."""
    groups: dict[tuple[str, ...], list[PageKey]] = defaultdict(list)
    out = {k: doc for k, (doc, _) in excluded.items() if k not in specs}
    for key in [*specs, *out]:
        if key.kind == TERM:
            continue  # terms are linked through their posts, in taxonomies.py
        doc = docs.get(key) or out.get(key)
        tkey = doc.front_matter.translation_key if doc else None
        groups[("key", tkey) if tkey else ("path", key.kind, key.path)].append(key)
    published: dict[PageKey, dict[str, PageKey]] = {}
    left_out: dict[PageKey, dict[str, PageKey]] = {}
    for members in groups.values():
        for key in members:
            if key in out:
                continue
            others = [k for k in sorted(members) if k.lang != key.lang]
            if mine := {k.lang: k for k in others if k not in out}:
                published[key] = mine
            if theirs := {k.lang: k for k in others if k in out}:
                left_out[key] = theirs
    return published, left_out


def _carriers(
    posts: Mapping[PageKey, Document], indexes: Mapping[PageKey, Document]
) -> dict[PageKey, Document]:
    """The pages whose terms count, as in Hugo: listed posts, and the home and section
    pages, whose `_index.md` may name terms too."""
    listed = {k: d for k, d in posts.items() if d.front_matter.list_mode != "never"}
    return {**listed, **{k: d for k, d in indexes.items() if k.kind in (HOME, SECTION)}}


def _term_groups(
    config: SiteConfig, posts: Mapping[PageKey, Document], indexes: Mapping[PageKey, Document]
) -> list[TermGroup]:
    """Every term page to build: none with Hugo's `disableKinds = ["term"]`."""
    if TERM in config.disable_kinds:
        return []
    carriers = _carriers(posts, indexes)
    warn_split_terms(carriers, config.taxonomies.values())
    return group_terms(carriers, config.taxonomies.values(), indexes)


def _freeze(
    config: SiteConfig,
    spec: PageSpec,
    content: Rendered,
    translations: Mapping[str, PageKey],
    series: tuple[SeriesPosition, ...],
    terms: Mapping[str, tuple[PageKey, ...]],
    now: datetime | None = None,
) -> Page:
    doc = spec.doc
    fm = doc.front_matter if doc else None
    out = output_path(config, spec.url)
    return Page(
        key=spec.key,
        title=spec.title,
        link_title=(fm.link_title if fm else None) or spec.title,
        url=spec.url,
        permalink=permalink(config, spec.url),
        output_path=out,
        section=spec.section,
        source=doc.source.path if doc else None,
        date=fm.date if fm and fm.date else spec.date,
        lastmod=(fm.lastmod or fm.date if fm else None) or spec.date,
        description=fm.description if fm else "",
        draft=fm.draft if fm else False,
        weight=fm.weight if fm else 0,
        content=_with_portable_summary(content, spec.url),
        authors=fm.authors if fm else (),
        params=fm.params if fm else MappingProxyType({}),
        terms=MappingProxyType(dict(terms)),
        translations=MappingProxyType(dict(sorted(translations.items()))),
        pages=spec.pages,
        series=series,
        aliases=spec.aliases,
        resources=_resources(doc, out),
        series_order=fm.series_order if fm else None,
        positions=fm.positions if fm else MappingProxyType({}),
        taxonomy=spec.taxonomy,
        term=spec.term,
        written=not fm or fm.render != "link",
        future=bool(fm and is_future(fm, now)),
    )


def _with_portable_summary(content: Rendered, url: str) -> Rendered:
    summary = rebase_links(content.summary_html, url)
    return content if summary == content.summary_html else replace(content, summary_html=summary)


def _resources(doc: Document | None, page_output: str) -> tuple[Resource, ...]:
    if not doc or not doc.source.bundle or not doc.front_matter.publish_resources:
        return ()
    folder = doc.source.path.parent
    base = page_output.rsplit("/", 1)[0] if "/" in page_output else ""
    out = []
    for path in doc.source.resources:
        rel = path.relative_to(folder).as_posix()
        out.append(Resource(path, f"{base}/{rel}" if base else rel, rel))
    return tuple(out)
