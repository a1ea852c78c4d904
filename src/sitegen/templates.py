"""Template stage setup: theme lookup, the Jinja environment, filters (i18n strings: i18n.py).

A site's own `layouts/`, `static/` and `i18n/` override its theme's, file by
file. Templates see typed objects (`Page`, `Site`, `Language`), never raw
dicts. Undefined names are errors; every failure inside a page or shortcode
template is reported at the template's file and line, naming what was being
rendered (`template_error`), and a template file that is not UTF-8 at its first
bad byte (`TemplateLoader`).
"""

from __future__ import annotations

import difflib
import re
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date as babel_format_date
from jinja2.loaders import split_template_path

from . import BUNDLED_THEMES
from .boundary import check_folder, check_tree
from .config import Language, SiteConfig
from .errors import SitegenError, display_path, not_utf8
from .model import Page, Rendered, SeriesPosition, ShortcodePage, Site
from .urls import REFUSED_URL_HINT, quote_path, quoted_url, refused_scheme, urlize


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
    """The configured theme, its folders checked against the site's boundary."""
    return _inside_the_site(config, locate_theme(config))


def locate_theme(config: SiteConfig) -> Theme:
    """Locate the configured theme in the site's themes/ folder or among the bundled ones.

    Only where its folders are: `serve`'s watcher asks on every file event, and
    must not walk every template each time (find_theme checks them)."""
    if config.from_hugo:
        return _hugo_site_theme(config)
    candidates = [config.site_dir / "themes", *BUNDLED_THEMES]
    for folder in candidates:
        root = folder / config.theme
        if (root / "layouts").is_dir():
            site = config.site_dir
            theme = Theme(
                name=config.theme,
                layout_dirs=_existing(site / "layouts", root / "layouts"),
                static_dirs=_existing(root / "static", site / "static"),
                i18n_dirs=_existing(root / "i18n", site / "i18n"),
            )
            return theme
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
            theme = Theme(
                name="default",
                layout_dirs=(root / "layouts",),
                static_dirs=_existing(root / "static", config.site_dir / "static"),
                i18n_dirs=_existing(root / "i18n"),
            )
            return theme
    raise SitegenError("sitegen's default theme is missing from its installation", hint="reinstall sitegen")


def _existing(*paths: Path) -> tuple[Path, ...]:
    return tuple(p for p in paths if p.is_dir())


def _inside_the_site(config: SiteConfig, theme: Theme) -> Theme:
    """Check the theme's folders against the site's boundary before Jinja opens a file
    there: layouts and i18n are read by name, later, so they are walked now; static
    folders are walked when they are copied."""
    for folder in (*theme.layout_dirs, *theme.i18n_dirs):
        check_tree(config.site_dir, folder)
    for folder in theme.static_dirs:
        check_folder(config.site_dir, folder)
    return theme


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, but a template that is not UTF-8 is the user's mistake,
    reported at its file and first bad byte, not a UnicodeDecodeError from deep inside."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            # Jinja found the file as below; its error counts from a read buffer, not the file
            pieces = split_template_path(template)
            found = (Path(folder, *pieces) for folder in self.searchpath)
            path = next(p for p in found if p.is_file())
            raise not_utf8(path, path.read_bytes()) from None


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
        loader=TemplateLoader([str(p) for p in theme.layout_dirs]),
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
    env.filters["safe_url"] = safe_url
    return env


@jinja2.pass_context
def safe_url(ctx: jinja2.runtime.Context, value: Any, argument: str = "") -> str:
    """`{{ get("link") | safe_url("link") }}`: the URL as it is, unless raw HTML is off and
    it is one Markdown would not link (`urls.refused_scheme`): then an error at the
    shortcode tag (in a shortcode template) or at the page (in a layout)."""
    url = str(value)
    site = ctx.get("site")
    if site is None or site.config.unsafe or (scheme := refused_scheme(url)) is None:
        return url  # raw HTML on: authors are trusted, as in Hugo
    name = ctx.get("name") if "fail" in ctx else None  # a shortcode template's context
    shown = quoted_url(url)
    what = f"{name} {argument}={shown}" if name and argument else shown
    message = f"{what} is a {scheme} URL, refused while raw HTML is off"
    if name:
        ctx["fail"](message, REFUSED_URL_HINT)
    page = ctx.get("page")
    raise SitegenError(message, page.source if isinstance(page, Page) else None, hint=REFUSED_URL_HINT)


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


def rendering_page(page: Page) -> str:
    """What `template_error` says was being rendered: " (while rendering content/a.md)"."""
    return f" (while rendering {display_path(page.source) if page.source else page.url})"


def template_error(
    exc: Exception,
    folders: Sequence[Path],
    during: str,
    *,
    home: str = "layouts/",
    call: tuple[Path, int, int] | None = None,
) -> SitegenError:
    """Turn a Jinja failure into an error at the template line that caused it.

    One form for page and shortcode templates: `layouts/x.html:3: template error:
    <what> (while rendering <the page, or the shortcode call>)`. `folders` are where
    templates are looked up (`home` names them in hints); `call` is where to point
    when no template line is known.
    """
    if isinstance(exc, jinja2.TemplateSyntaxError):  # also an unknown filter or test
        # the same whoever uses it: no `during`, so it is reported once
        return SitegenError(f"template syntax error: {exc.message}", exc.filename or exc.name, exc.lineno)
    where = _template_frame(exc, folders)
    at: tuple[Path | str | None, int | None, int | None] = (
        (where.filename, where.lineno, None) if where else call or (None, None, None)
    )
    if isinstance(exc, jinja2.TemplateNotFound):  # an include or extends, or the page's own
        missing = f"template {exc.name!r} not found{during}"
        home_hint = f"add it to {home} in the site or the theme"
        if at[0] is None:  # the page's own template: say where it was looked for
            at = (folders[-1] if folders else None, None, None)
        return SitegenError(missing, *at, hint=home_hint)
    message = _describe(exc)
    return SitegenError(f"template error: {message}{during}", *at, hint=_attribute_hint(message))


def _template_frame(exc: Exception, folders: Sequence[Path]) -> traceback.FrameSummary | None:
    """The innermost traceback line in a template file (Jinja maps them to template lines)."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if any(Path(f.filename).is_relative_to(d) for d in folders)
    ]
    return frames[-1] if frames else None


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateError):
        return exc.message or type(exc).__name__
    if isinstance(exc, RecursionError):  # Python's wording varies with where the limit hit
        return "endless recursion: a template includes itself, directly or through another"
    return f"{type(exc).__name__}: {exc}"


_TEMPLATE_TYPES = {
    cls.__name__: cls
    for cls in (Page, ShortcodePage, Site, Language, SiteConfig, Rendered, SeriesPosition, LanguageLink)
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
