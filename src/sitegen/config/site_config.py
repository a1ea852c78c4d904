"""The configuration as the build sees it: `SiteConfig` and its `Language`s.

In: nothing (loader.py makes them). Out: frozen, validated values with Hugo's
meanings, and the few facts derived from them (base path, language by code).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..model import MenuItem
from .feeds import FEED_KINDS
from .related import RelatedConfig

Menus = tuple[tuple[str, tuple[MenuItem, ...]], ...]  # (menu name, entries as written)

CONFIG_NAME = "sitegen.toml"
DEFAULT_TAXONOMIES = {"tag": "tags", "series": "series"}


@dataclass(frozen=True)
class Pagination:
    """Hugo's `[pagination]`: how list pages are split into pagers."""

    pager_size: int = 10  # entries per pager
    path: str = "page"  # the URL part before a pager's number: /blog/page/2/ ("" gives /blog/2/)
    disable_aliases: bool = False  # no /blog/page/1/ redirect to /blog/


@dataclass(frozen=True)
class Language:
    """One configured language and where its pages live."""

    code: str  # "en", "zh-cn"
    label: str  # shown in the language switcher
    locale: str  # BCP 47, for <html lang> and dates: "zh-CN"
    weight: int
    title: str  # site title in this language
    content_dir: Path | None  # its own content folder, if it has one
    prefix: str  # URL prefix without slashes: "" or "zh"
    pagination: Pagination | None = None  # `languages.<code>.pagination`, merged over the site's
    disable_path_to_lower: bool = False  # Hugo's disablePathToLower: URLs keep their case
    menus: Menus | None = None  # `languages.<code>.menus`: replaces the root's whole, as in Hugo


@dataclass(frozen=True)
class HighlightConfig:
    """Hugo's `[markup.highlight]`: what every fenced code block and `highlight`
    shortcode starts from (a shortcode's own options win)."""

    line_nos: str = ""  # "", "table" or "inline"
    line_no_start: int = 1
    hl_lines: str = ""  # "2 4-6": highlighted lines, checked by the reader
    anchor_line_nos: bool = False  # each line number a link to itself
    line_anchors: str = ""  # the prefix of those anchors
    style: str | None = None  # with noClasses: a Pygments style, colours inline; else css/syntax.css
    code_fences: bool = True  # false: fenced code is not highlighted, as in Hugo


@dataclass(frozen=True)
class SiteConfig:
    """Everything the build needs to know about the site, validated."""

    site_dir: Path
    config_path: Path | None = None
    base_url: str = "/"
    title: str = ""
    theme: str = "default"
    default_language: str = "en"
    default_language_in_subdir: bool = False
    languages: tuple[Language, ...] = ()
    taxonomies: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_TAXONOMIES))
    summary_length: int = 70
    has_cjk_language: bool = False
    disable_path_to_lower: bool = False  # each language's default; see Language
    permalinks: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    time_zone: str = "UTC"
    copyright: str = ""
    unsafe: bool = True  # raw HTML in Markdown, as Hugo users with `unsafe = true` expect
    ref_links_error_level: str = "ERROR"  # or "WARNING": a broken ref warns and links here:
    ref_links_not_found_url: str = ""
    # Goldmark's extensions (config/goldmark.py): the typographer's substitutions are
    # only the configured ones, made whole by sitegen.typographer.substitutions
    typographer: bool = True
    typographer_subs: Mapping[str, str] = field(default_factory=dict)
    enable_emoji: bool = False
    passthrough: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] | None = (
        None  # block, inline
    )
    math_macros: tuple[tuple[str, str], ...] = ()  # [markup.math.macros], sorted by name
    toc_start: int = 2
    toc_end: int = 4
    highlight: HighlightConfig = HighlightConfig()
    content_dir: Path = Path("content")
    output_dir: Path = Path("public")
    build_drafts: bool = False
    build_future: bool = False
    related: RelatedConfig = RelatedConfig()  # Hugo's [related]: related posts (related.py)
    preview: bool = False  # `sitegen serve`: the theme shows a dev-preview banner
    feed_kinds: frozenset[str] = FEED_KINDS
    # a term page's default title in title case: Hugo's default (hugo.py sets it for a
    # Hugo config); off for sitegen.toml, whose sites show terms as their posts spell them
    capitalize_list_titles: bool = False
    title_case_style: str = "ap"
    disable_kinds: frozenset[str] = frozenset()  # Hugo's disableKinds that sitegen honours: taxonomy, term
    rss_limit: int = -1  # items per feed; below 1 means all, as in Hugo
    rss_full_content: bool = False  # whole posts in feed items instead of summaries
    # embed shortcodes Hugo's [privacy.<service>] disable = true turns off (config/privacy.py)
    privacy_disabled: frozenset[str] = frozenset()
    pagination: Pagination = Pagination()
    menus: Menus = ()  # `[menus]` at the root: every language's, unless it has its own
    section_pages_menu: str = ""  # Hugo's sectionPagesMenu: a menu with every top-level section
    unknown_shortcodes: str = "error"  # or "warn": render what is between the tags (--unknown-shortcodes)

    def language(self, code: str) -> Language:
        """Return the configured language with this code."""
        return self._by_code[code]

    def menus_for(self, code: str) -> Menus:
        """The configured menus of a language: its own `menus` table if it has one, else
        the root's (Hugo 0.168 replaces the whole table, not menu by menu)."""
        own = self.language(code).menus
        return self.menus if own is None else own

    @cached_property
    def _by_code(self) -> dict[str, Language]:
        # asked for by every page, feed and sitemap entry: a dict, not a scan of the tuple
        return {lang.code: lang for lang in self.languages}

    def pagination_of(self, code: str) -> Pagination:
        """The pagination settings of one language: its own, else the site's."""
        return self.language(code).pagination or self.pagination

    @property
    def base_path(self) -> str:
        """The path part of baseURL without its trailing slash: "" or "/blog"."""
        after_host = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", self.base_url)
        return after_host.rstrip("/")

    @property
    def from_hugo(self) -> bool:
        """Configured by Hugo's own files (hugo.toml, config/…) rather than sitegen.toml."""
        return self.config_path is not None and self.config_path.name != CONFIG_NAME

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)
