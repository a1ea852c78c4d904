"""Template stage setup: theme lookup, the Jinja environment, filters (i18n strings: i18n.py).

A site's own `layouts/`, `static/` and `i18n/` override its theme's, file by
file. Templates see typed objects (`Page`, `Site`, `Language`), never raw
dicts. Undefined names are errors, reported with the template's file and line.
"""

from __future__ import annotations

import difflib
import re
import traceback
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date as babel_format_date

from . import BUNDLED_THEMES
from .config import Language, SiteConfig
from .errors import SitegenError, display_path
from .model import Page, Rendered, SeriesPosition, Site
from .urls import quote_path, urlize


@dataclass(frozen=True)
class Theme:
    """Where a theme's parts are, with the site's overrides first."""

    name: str
    layout_dirs: tuple[Path, ...]
    static_dirs: tuple[Path, ...]  # copied in order; later ones win
    i18n_dirs: tuple[Path, ...]  # read in order; later ones win


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher."""

    language: Language
    url: str
    permalink: str
    current: bool
    translated: bool  # False: it points at that language's home instead


def find_theme(config: SiteConfig) -> Theme:
    """Locate the configured theme in the site's themes/ folder or among the bundled ones."""
    if config.from_hugo:
        return _hugo_site_theme(config)
    candidates = [config.site_dir / "themes", *BUNDLED_THEMES]
    for folder in candidates:
        root = folder / config.theme
        if (root / "layouts").is_dir():
            site = config.site_dir
            return Theme(
                name=config.theme,
                layout_dirs=_existing(site / "layouts", root / "layouts"),
                static_dirs=_existing(root / "static", site / "static"),
                i18n_dirs=_existing(root / "i18n", site / "i18n"),
            )
    available = sorted(
        {p.name for f in candidates if f.is_dir() for p in f.iterdir() if (p / "layouts").is_dir()}
    )
    raise SitegenError(
        f"theme {config.theme!r} not found",
        config.config_path or "sitegen.toml",
        hint=f"available themes: {', '.join(available) or 'none'}; "
        f"a theme is a folder themes/<name>/ with a layouts/ folder",
    )


def _hugo_site_theme(config: SiteConfig) -> Theme:
    """A Hugo site's `layouts/`, `i18n/` and themes are Go templates and Hugo's string
    tables, which Jinja cannot read: it builds with sitegen's default theme (only the
    theme differs), keeping the site's `static/` files, which mean the same in both."""
    for folder in BUNDLED_THEMES:
        root = folder / "default"
        if (root / "layouts").is_dir():
            return Theme(
                name="default",
                layout_dirs=(root / "layouts",),
                static_dirs=_existing(root / "static", config.site_dir / "static"),
                i18n_dirs=_existing(root / "i18n"),
            )
    raise SitegenError("sitegen's default theme is missing from its installation", hint="reinstall sitegen")


def _existing(*paths: Path) -> tuple[Path, ...]:
    return tuple(p for p in paths if p.is_dir())


class ReadingEnvironment(jinja2.Environment):
    """A Jinja environment that notes whose rendered content a template reads.

    Templates reach content only as `X.content` (attribute, item or filter
    attribute lookups all come here), so the output cache knows exactly which
    pages' content a rendered page depends on.
    """

    reads: set[Any] | None = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Jinja's own getattr, inlined: this runs for every `a.b` in every template,
        # and a super() call here cost a cold build of the standard corpus 0.3 s.
        if attribute == "content" and self.reads is not None and isinstance(obj, Page):
            self.reads.add(obj.key)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if argument == "content" and self.reads is not None and isinstance(obj, Page):
            self.reads.add(obj.key)
        return super().getitem(obj, argument)


def make_environment(config: SiteConfig, theme: Theme) -> jinja2.Environment:
    """Build the Jinja environment with the filters and globals every template may use."""
    env = ReadingEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in theme.layout_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment serves one build (serve makes a new one per full build), so
        # asking the disk whether each included template changed is wasted: it was
        # 40,000 stat calls per build of the standard corpus.
        auto_reload=False,
    )
    base = config.base_path
    env.globals["asset"] = lambda path: quote_path(f"{base}/{path.lstrip('/')}")
    env.filters["urlize"] = urlize
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    return env


def format_date(value: datetime | None, lang: Language, style: str = "long") -> str:
    """Format a date in the page's language: "March 27, 2026", "2026年3月27日"."""
    if value is None:
        return ""
    return _format_date(value, style, lang.locale)


@lru_cache(maxsize=8192)  # a post's date shows on its page and on every list it is in
def _format_date(value: datetime, style: str, locale: str) -> str:
    return babel_format_date(value, format=style, locale=_babel_locale(locale))


@cache
def _babel_locale(locale: str) -> Locale:
    """Parse a locale once: babel re-parses a string on every call, which was half
    the template time on the standard corpus."""
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (ValueError, LookupError):
        return Locale.parse("en")


def language_links(site: Site, page: Page) -> list[LanguageLink]:
    """Link every language: the translation when there is one, else that language's home."""
    links = []
    for lang in site.languages:
        target = page if lang.code == page.lang else site.get(page.translations.get(lang.code))
        if target is None:
            home = site.home(lang.code)
            links.append(LanguageLink(lang, home.url, home.permalink, False, False))
        else:
            current = lang.code == page.lang
            links.append(LanguageLink(lang, target.url, target.permalink, current, True))
    return links


def template_error(exc: Exception, theme: Theme, page: Page | None) -> SitegenError:
    """Turn a Jinja failure into an error located in the template that caused it."""
    during = f" (while rendering {display_path(page.source) if page.source else page.url})" if page else ""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return SitegenError(f"template syntax error: {exc.message}", exc.filename or exc.name, exc.lineno)
    if isinstance(exc, jinja2.TemplateNotFound):
        return SitegenError(
            f"template {exc.name!r} not found{during}",
            theme.layout_dirs[-1] if theme.layout_dirs else None,
            hint="add it to layouts/ in the site or the theme",
        )
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if any(Path(f.filename).is_relative_to(d) for d in theme.layout_dirs)
    ]
    where = frames[-1] if frames else None
    message = exc.message if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
    return SitegenError(
        f"template error: {message}{during}",
        where.filename if where else None,
        where.lineno if where else None,
        hint=_attribute_hint(message or ""),
    )


_TEMPLATE_TYPES = {
    cls.__name__: cls for cls in (Page, Site, Language, SiteConfig, Rendered, SeriesPosition, LanguageLink)
}


def _attribute_hint(message: str) -> str | None:
    """Suggest the attribute a template probably meant: `page.titel` -> `title`."""
    m = re.search(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'", message)
    if not m or m.group(1) not in _TEMPLATE_TYPES:
        return None
    cls = _TEMPLATE_TYPES[m.group(1)]
    names = [f.name for f in fields(cls)] + [n for n in dir(cls) if not n.startswith("_")]
    close = difflib.get_close_matches(m.group(2), names, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None
