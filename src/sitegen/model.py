"""The site model: frozen values passed between stages. No I/O lives here.

Stages hand each other complete values (`Rendered`, `Document`, `Page`,
`Site`); nothing is created half-empty and filled in later. Pages refer to
each other by `PageKey` (translations, series parts, list members, terms),
which keeps the model a plain graph that caching and incremental rebuilds can
reason about.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .urls import urlize

if TYPE_CHECKING:
    from .config.site_config import Language, SiteConfig

EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return EMPTY


# Page kinds, as in Hugo: a post, the home page, a section list, a taxonomy
# index (/tags/) and a term list (/tags/llm/).
PAGE, HOME, SECTION, TAXONOMY, TERM = "page", "home", "section", "taxonomy", "term"
NOT_FOUND = "404"  # one per language, written as 404.html
SEARCH = "search"  # the search results page, one per language when search is on (search.py);
# its key path is "search", so `ref "/search"` finds it and it never shadows the home page's ""
BROKEN = "a file with errors"  # why a page whose file failed to parse is left out


@dataclass(frozen=True, order=True)
class PageKey:
    """Identity of a page: language, kind and its language-free content path."""

    lang: str
    kind: str
    path: str  # "blog/my-post", "blog" (section), "tags/llm" (term), "" (home)

    def __str__(self) -> str:
        return f"{self.lang}:{self.kind}:{self.path}"


@dataclass(frozen=True)
class Heading:
    """One table-of-contents entry."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Link:
    """A link or image in rendered content, kept so `check` can verify it."""

    href: str
    line: int  # file line
    col: int | None = None
    image: bool = False


@dataclass(frozen=True)
class RefUse:
    """A resolved `ref`/`relref` with an #anchor, to check once every page is rendered."""

    target: PageKey
    anchor: str
    ref: str  # as written
    line: int
    col: int


@dataclass(frozen=True)
class Rendered:
    """Everything Markdown rendering knows about one body of text.

    Partial for `sitegen check` (rendered with `check=True`): `html`,
    `summary_html` and `toc_html` are empty and `word_count` and `reading_time`
    are 0, since only links, anchors, refs and the shortcodes used are checked.
    """

    html: str
    summary_html: str
    truncated: bool  # the summary is shorter than the content
    toc: tuple[Heading, ...]
    toc_html: str
    word_count: int
    reading_time: int  # minutes, at least 1 when there is any text
    anchors: frozenset[str]
    has_math: bool
    code_languages: frozenset[str]
    links: tuple[Link, ...] = ()
    refs: tuple[RefUse, ...] = ()  # refs with an anchor; plain refs were checked when resolved
    shortcodes: frozenset[str] = frozenset()  # names used, e.g. to load mermaid only where needed


EMPTY_RENDERED = Rendered("", "", False, (), "", 0, 0, frozenset(), False, frozenset())


@dataclass(frozen=True)
class MenuItem:
    """One menu entry as written: a `[[menus.main]]` table or a page's `menu:`, before
    its page is found. The fields of Hugo's MenuConfig; "" and 0 mean "not given"
    (the page's linkTitle, title and weight fill them in, as in Hugo)."""

    menu: str  # the menu it belongs to: "main", "footer"
    name: str = ""
    identifier: str = ""
    parent: str = ""  # the identifier (else name) of the parent entry
    weight: int = 0
    pre: str = ""  # HTML, as in Hugo
    post: str = ""
    title: str = ""
    url: str = ""  # as configured
    page_ref: str = ""  # a content path, found like GetPage in the entry's language
    params: Mapping[str, Any] = field(default_factory=_empty, hash=False)
    where: tuple[str, int | None, int | None] = ("", None, None)  # file, line, col: for warnings


@dataclass(frozen=True)
class FrontMatter:
    """Validated front matter of one source file; unknown keys stay in `params`."""

    title: str = ""
    date: datetime | None = None
    lastmod: datetime | None = None
    publish_date: datetime | None = None
    draft: bool = False
    description: str = ""
    summary: str | None = None
    slug: str | None = None
    url: str | None = None
    aliases: tuple[str, ...] = ()
    taxonomies: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # plural name -> terms
    series_order: int | None = None
    authors: tuple[str, ...] = ()
    weight: int = 0
    translation_key: str | None = None
    link_title: str | None = None
    is_cjk: bool | None = None
    # Hugo's build options: render "always"|"never"|"link", list "always"|"never"|"local"
    render: str = "always"
    list_mode: str = "always"
    publish_resources: bool = True
    cascade: tuple[CascadeRule, ...] = ()  # only `_index` files pass values down
    menus: tuple[MenuItem, ...] = ()  # Hugo's `menu:` / `menus:` (page and url filled in later)
    params: Mapping[str, Any] = field(default_factory=_empty)
    positions: Mapping[str, tuple[int, int]] = field(default_factory=_empty)  # key -> line, col


@dataclass(frozen=True)
class CascadeRule:
    """One `cascade` entry of an `_index` file: values its section's pages inherit.

    As in Hugo, `_target` narrows it to a path glob, a page kind or a language;
    a page's own front matter, and a nearer section's cascade, win.
    """

    values: FrontMatter
    path: str | None = None  # a glob on the content path: "/posts/**"
    kind: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Source:
    """One content file found on disk, before parsing."""

    path: Path  # absolute path of the .md file
    content_root: Path  # the content folder it was found in
    lang: str
    kind: str  # PAGE for posts, or a list kind for `_index.md`
    path_key: str  # language-free content path: "blog/my-post", "blog", ""
    bundle: bool  # a leaf bundle (`<name>/index.md`) whose folder holds its resources
    resources: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Document:
    """A parsed source file: front matter and the Markdown body, not yet rendered.

    Rendering waits until every page's URL is planned, so `ref` can resolve.
    """

    source: Source
    front_matter: FrontMatter
    body: str
    body_line: int  # 1-based line where the body starts in the file


@dataclass(frozen=True)
class ShortcodePage:
    """What a shortcode template sees as `page`: the page is still being built."""

    key: PageKey
    title: str
    lang: str
    url: str
    permalink: str
    date: datetime | None
    params: Mapping[str, Any]
    section: str
    source: Path
    # lower-cased bundle file name -> its URL, as the page's language sees its bundle
    # (link_targets.resource_urls): image shortcodes look files up here, and the render
    # cache keys on it, so adding or removing a bundle file re-renders the page
    resources: Mapping[str, str] = field(default_factory=_empty)


@dataclass(frozen=True)
class Resource:
    """A file copied next to a page (page-bundle images and the like)."""

    source: Path
    output_path: str  # relative to the output folder
    name: str


@dataclass(frozen=True)
class SeriesPosition:
    """Where a post sits in one of its series."""

    series: PageKey  # the series term page
    name: str
    part: int  # 1-based
    parts: tuple[PageKey, ...]
    prev: PageKey | None
    next: PageKey | None

    @property
    def total(self) -> int:
        return len(self.parts)


@dataclass(frozen=True)
class Page:
    """A page of the built site, of any kind, ready for templates."""

    key: PageKey
    title: str
    link_title: str  # Hugo's linkTitle, else the title: for menus, series boxes, prev/next
    url: str  # site-relative and percent-encoded: "/zh/tags/%E6%8E%A8%E7%90%86/"
    permalink: str  # absolute
    output_path: str  # file under the output folder: "zh/tags/推理/index.html"
    section: str
    source: Path | None
    date: datetime | None
    lastmod: datetime | None
    description: str
    draft: bool
    weight: int
    content: Rendered
    authors: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=_empty)
    terms: Mapping[str, tuple[PageKey, ...]] = field(default_factory=_empty)  # taxonomy plural -> term pages
    translations: Mapping[str, PageKey] = field(default_factory=_empty)  # other languages only
    pages: tuple[PageKey, ...] = ()  # members of a list page, in display order
    series: tuple[SeriesPosition, ...] = ()
    aliases: tuple[str, ...] = ()  # site-relative URLs that redirect here
    resources: tuple[Resource, ...] = ()
    series_order: int | None = None
    positions: Mapping[str, tuple[int, int]] = field(default_factory=_empty)  # front-matter keys
    taxonomy: str = ""  # for TAXONOMY and TERM pages: "tags", "series", ...
    term: str = ""  # for TERM pages: the term's display name
    written: bool = True  # False for Hugo's `build: {render: link}`: listed, linked, not written
    future: bool = False  # published after the build's "now": in this build only with -F

    @property
    def kind(self) -> str:
        return self.key.kind

    @property
    def lang(self) -> str:
        return self.key.lang


@dataclass(frozen=True)
class MenuEntry:
    """One entry of a built menu, Hugo's MenuEntry: its link found, its children sorted.

    `url` is the page's URL when the entry has a page (a pageRef or front matter),
    else the configured url, else "" (Hugo's `.URL`, an entry with no link).
    """

    menu: str
    name: str
    url: str
    identifier: str = ""
    parent: str = ""
    weight: int = 0
    pre: str = ""
    post: str = ""
    title: str = ""
    page: PageKey | None = None
    params: Mapping[str, Any] = field(default_factory=_empty, hash=False)
    children: tuple[MenuEntry, ...] = ()

    @property
    def key_name(self) -> str:
        """What makes an entry unique in its menu, and what `parent` names: Hugo's KeyName."""
        return self.identifier or self.name

    @property
    def has_children(self) -> bool:
        return bool(self.children)

    def is_current(self, page: Page) -> bool:
        """Whether this entry is the page being rendered (Hugo's IsMenuCurrent).

        Only an entry with a page can be current: Hugo does not compare a bare url."""
        return self.page == page.key

    def has_current(self, page: Page) -> bool:
        """Whether the page is below this entry (Hugo's HasMenuCurrent): one of its
        descendants is the page, or the entry is a section holding the page."""
        own = self.page
        in_section = own is not None and own.kind == SECTION and own.lang == page.lang
        if in_section and own is not None and page.key.path.startswith(own.path + "/"):
            return True
        return any(child.is_current(page) or child.has_current(page) for child in self.children)


Menus = Mapping[str, tuple[MenuEntry, ...]]  # menu name -> its top-level entries, in order


@dataclass(frozen=True)
class Site:
    """The whole site: configuration plus every page, addressed by key.

    This is `site` in every template. In shortcode templates it has no pages:
    shortcodes run while page content is rendered, before the site is complete.
    """

    config: SiteConfig
    pages: Mapping[PageKey, Page]
    homes: Mapping[str, PageKey] = field(default_factory=dict)  # lang -> home page
    taxonomies: Mapping[tuple[str, str], PageKey] = field(default_factory=dict)
    menus: Mapping[str, Menus] = field(default_factory=dict)  # lang -> its menus

    def menu(self, lang: str, name: str) -> tuple[MenuEntry, ...]:
        """Return a language's menu by name (Hugo's `site.Menus.main`); empty if it has none."""
        return self.menus.get(lang, {}).get(name, ())

    @property
    def languages(self) -> tuple[Language, ...]:
        return self.config.languages

    # Hugo's `site.Title`, `site.Params`…: the config facts templates ask for most.
    @property
    def copyright(self) -> str:
        return self.config.copyright

    @property
    def base_url(self) -> str:
        return self.config.base_url

    def get(self, key: PageKey | None) -> Page | None:
        """Return the page for a key, or None."""
        return None if key is None else self.pages.get(key)

    def resolve(self, keys: Iterable[PageKey]) -> list[Page]:
        """Return the pages for keys, in the given order."""
        return [self.pages[k] for k in keys]

    def home(self, lang: str) -> Page:
        """Return a language's home page."""
        return self.pages[self.homes[lang]]

    def taxonomy(self, lang: str, plural: str) -> Page | None:
        """Return a language's taxonomy index page (e.g. all tags), if it exists."""
        return self.get(self.taxonomies.get((lang, plural)))

    def term(self, lang: str, plural: str, name: str) -> Page | None:
        """Return the term page a name in a taxonomy leads to (`authors`, "Chen Kai"),
        if the site builds one: a byline links only what is a taxonomy."""
        return self.get(PageKey(lang, TERM, f"{plural.lower()}/{urlize(name)}"))

    def sections(self, lang: str) -> list[Page]:
        """Return a language's top-level sections, for navigation."""
        return self._sections.get(lang, [])

    @cached_property
    def _sections(self) -> dict[str, list[Page]]:
        # Every page's navigation asks for this; scanning all pages each time was
        # 0.45 s of a build of the standard corpus.
        found: dict[str, list[Page]] = {}
        for key, page in self.pages.items():
            if key.kind == SECTION and "/" not in key.path:
                found.setdefault(key.lang, []).append(page)
        return found

    def archive(self, lang: str) -> list[Any]:
        """Return a language's listed posts grouped by year, newest first (archives.py)."""
        from .archives import archive_years  # archives.py reads the model: imported late

        return archive_years(self, lang)

    def related(self, page: Page) -> list[Page]:
        """Return the posts related to page (Hugo's `.Related`, by `[related]`): best first."""
        from .related import related_pages  # related.py reads the model: imported late

        return related_pages(self, page, self._related_index)

    @cached_property
    def _related_index(self) -> Any:
        from .related import keyword_index

        return keyword_index(self)

    @property
    def title(self) -> str:
        return self.config.title

    @property
    def params(self) -> Mapping[str, Any]:
        return self.config.params

    def regular_pages(self, lang: str | None = None) -> list[Page]:
        """Return every post (kind "page"), optionally of one language, in key order."""
        return [
            p for k, p in sorted(self.pages.items()) if k.kind == PAGE and (lang is None or k.lang == lang)
        ]


@dataclass(frozen=True)
class OutputFile:
    """Bytes to be written at a path relative to the output folder."""

    path: str
    data: bytes
