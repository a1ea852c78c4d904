"""Template stage: `Site` -> in-memory output files (HTML pages and alias redirects).

Each page kind has one template name; a term page of the `series` taxonomy
uses `series.html`. Nothing is written to disk here: `output.py` does that.
"""

from __future__ import annotations

import re
from functools import partial
from html import escape

import jinja2

from .alerts import localiser
from .cache.pages import OutputCache
from .errors import BuildFailed, Problem, SitegenError, warn
from .feeds import feed_link
from .i18n import Translator
from .model import HOME, NOT_FOUND, PAGE, SEARCH, SECTION, TAXONOMY, TERM, OutputFile, Page, PageKey, Site
from .pagination import first_pager_alias, pagers, paginator
from .parallel import run_all
from .taxonomies import SERIES
from .templates import (
    ReadingEnvironment,
    Theme,
    format_date,
    language_links,
    rendering_page,
    template_error,
)
from .urls import ROOT_404, output_path

_LAYOUT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
TEMPLATE_FOR_KIND = {
    PAGE: "single.html",
    HOME: "home.html",
    SECTION: "section.html",
    TAXONOMY: "taxonomy.html",
    TERM: "term.html",
    NOT_FOUND: "404.html",
    SEARCH: "search.html",
}


def render_pages(
    site: Site,
    env: jinja2.Environment,
    theme: Theme,
    translators: dict[str, Translator],
    cache: OutputCache | None = None,
) -> tuple[list[OutputFile], list[str]]:
    """Render every page of the site, plus a redirect page for each alias, on every core.

    Returns the files rendered and the paths kept from the last build, for
    pages the output cache says are unchanged. Templates were the larger half
    of a build, and each page only reads the finished site, so pages render in
    forked workers like Markdown does.
    """
    kept: list[str] = []
    todo = []
    for key in site.pages:
        paths = cache.reuse(key) if cache else None
        if paths is None:
            todo.append(key)
        else:
            kept += paths
    work = partial(_render_files, site, env, theme, translators)
    files: list[OutputFile] = []
    errors: dict[Problem, None] = {}  # a dict: `in` on a list was quadratic in failed pages
    for outcome in run_all(todo, work, stage="pages"):  # in page order, whatever the scheduling
        for problem in outcome.warnings:
            warn(problem.message, problem.path, problem.line, problem.col, problem.hint)
        # One broken template line fails every page that uses it: say it once.
        errors.update(dict.fromkeys(outcome.errors))
        if outcome.result is not None:
            made, reads = outcome.result
            files += made
            if cache and not outcome.warnings:
                cache.record(outcome.key, reads, [f.path for f in made])
    if errors:
        raise BuildFailed(list(errors))
    return files + _root_redirect(site), kept


def _render_files(
    site: Site,
    env: jinja2.Environment,
    theme: Theme,
    translators: dict[str, Translator],
    key: PageKey,
) -> tuple[list[OutputFile], frozenset[PageKey]]:
    page = site.pages[key]
    reads: set[PageKey] = set()
    tracking = env if isinstance(env, ReadingEnvironment) else None
    if tracking:
        tracking.reads = reads
    later = pagers(site.config, page.key, page.url, page.pages)[1:] if page.written else ()
    try:
        html = render_page(site, env, theme, translators, page).encode("utf-8")
        more = [
            OutputFile(
                output_path(site.config, p.url),
                render_page(site, env, theme, translators, page, p.number).encode("utf-8"),
            )
            for p in later
        ]
    finally:
        if tracking:
            tracking.reads = None
    own = [OutputFile(page.output_path, html), *more] if page.written else []  # render: link
    files = [*own, *_alias_files(site, page)]
    if _is_root_404(site, page):
        files.append(OutputFile(ROOT_404, html))  # servers look for /404.html only
    return files, frozenset(reads)


def _is_root_404(site: Site, page: Page) -> bool:
    return (
        page.kind == NOT_FOUND and page.lang == site.config.default_language and page.output_path != ROOT_404
    )


def _root_redirect(site: Site) -> list[OutputFile]:
    """With the default language in a subfolder, `/` sends readers to it, as Hugo does."""
    home = site.home(site.config.default_language)
    if home.output_path == "index.html":
        return []
    locale = site.config.language(home.lang).locale
    return [OutputFile("index.html", redirect_html(home.permalink, locale))]


def redirect_html(target: str, locale: str) -> bytes:
    """A page that sends browsers and crawlers to `target` at once."""
    target = escape(target, quote=True)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(locale)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f"<title>{target}</title>\n"
        f'<link rel="canonical" href="{target}">\n'
        '<link rel="icon" href="data:,">\n'  # else browsers ask for /favicon.ico: a 404
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n</html>\n"
    ).encode()


def render_page(
    site: Site,
    env: jinja2.Environment,
    theme: Theme,
    translators: dict[str, Translator],
    page: Page,
    pager: int = 1,
) -> str:
    """Render one page with the template for its kind; for a list page, its pager
    number `pager`, which templates see as `paginator` (None on other pages)."""
    lang = site.config.language(page.lang)
    context = {
        "page": page,
        "site": site,
        "lang": lang,
        "T": translators[page.lang],
        "format_date": lambda value, style="long": format_date(value, lang, style),
        "language_links": language_links(site, page),
        "feed": feed_link(site, page),
        "paginator": paginator(site, page, pager),
        "search_page": site.pages.get(PageKey(page.lang, SEARCH, "search")),  # None when search is off
    }
    try:
        html = _template_for(env, page).render(context)
    except SitegenError:
        raise
    except Exception as exc:  # any failure inside a template is reported at its line
        raise template_error(exc, theme.layout_dirs, rendering_page(page)) from exc
    return localiser(translators)(html, page.lang)


def _template_for(env: jinja2.Environment, page: Page) -> jinja2.Template:
    names = [TEMPLATE_FOR_KIND[page.kind]]
    if page.kind == TERM and page.taxonomy == SERIES:
        names.insert(0, "series.html")
    if (layout := chosen_layout(page)) is not None:
        names.insert(0, f"{layout}.html")
    return env.select_template(names)


def chosen_layout(page: Page) -> str | None:
    """A page's front matter `layout` ("archives"), as in Hugo: a template of that
    name, where the theme has one, renders it; a plain name only, never base.html or
    a partial, so front matter cannot reach outside the layouts."""
    layout = page.params.get("layout")
    if not isinstance(layout, str) or not _LAYOUT_NAME.fullmatch(layout) or layout == "base":
        return None
    return layout


def _alias_files(site: Site, page: Page) -> list[OutputFile]:
    """Redirects to the page: its aliases, and a list's /page/1/ (Hugo's, for the first pager)."""
    html = redirect_html(page.permalink, site.config.language(page.lang).locale)
    aliases = list(page.aliases)
    if page.written and (first := first_pager_alias(site.config, page.key, page.url)) is not None:
        aliases.append(first)
    return [OutputFile(output_path(site.config, alias), html) for alias in aliases]
