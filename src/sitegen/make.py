"""The site in memory: config -> sources -> front matter -> shortcodes and Markdown
-> site model -> templates. Nothing here writes to the output folder.

Two ways through, one per command:

- `make_site` (build, serve): every output file rendered, as `Made`;
- `plan_outputs` (check): the same stages up to the site model, then only the
  list of files a build would write, so links can be checked against it.

Both raise `BuildFailed` with every error of the run at once; warnings go to
the log as they are found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt

from .alerts import localiser
from .cache.build import BuildCache
from .cache.content import ContentCache
from .cache.fingerprint import build_time
from .cache.pages import OutputCache
from .cache.store import Store
from .cascade import apply_cascades
from .check import check_site
from .config import SiteConfig
from .errors import BuildFailed, Problem, SitegenError, warn
from .feeds import render_feeds, translator
from .front_matter import parse_front_matter
from .highlight import pygments_css
from .i18n import Translator, load_translators
from .images.site import SiteImages, prepare_images, variant_paths
from .link_targets import image_captions, page_links
from .markdown import make_markdown, render_markdown
from .math.font import MATH_CSS, MATH_FILES, math_files
from .math.numbering import number_page
from .menus import build_menus
from .model import TERM, Document, OutputFile, PageKey, Rendered, Site, Source
from .output import CopyFile, content_copies, static_copies
from .owners import claim_outputs
from .parallel import run_all
from .refs import RefIndex
from .render import render_pages
from .shortcodes import RefCall, Shortcodes
from .shortcodes.unknown import UnknownUse, report_unknown, split_unknown
from .site import SitePlan, build_site, plan_site
from .sitemap import render_robots, render_sitemap
from .sources import discover_sources, read_source
from .templates import Theme, find_theme, make_environment
from .typographer import substitutions
from .urls import SYNTAX_CSS


@dataclass(frozen=True)
class Renderer:
    """What turning one page's body into content needs: shortcodes, then Markdown."""

    config: SiteConfig
    plan: SitePlan
    md: MarkdownIt
    shortcodes: Shortcodes


@dataclass(frozen=True)
class Content:
    """What both commands make before templates: the plan, and every page's content."""

    renderer: Renderer  # the config and plan, and what rendered the content
    theme: Theme
    rendered: dict[PageKey, Rendered]
    site: Site
    copies: list[CopyFile]  # static files and bundle resources, copied as they are
    outputs: list[str]  # every file a build writes, each with one owner (owners.py)
    problems: list[Problem]  # errors so far, reported with the whole-site ones
    now: datetime
    cache: BuildCache | None


@dataclass(frozen=True)
class Parts:
    """The intermediate results of a build that a one-page update can reuse."""

    renderer: Renderer
    theme: Theme
    rendered: dict[PageKey, Rendered]
    env: jinja2.Environment
    translators: dict[str, Translator]
    images: SiteImages | None = None  # sizes, variants and the page rewriter (images/)


@dataclass(frozen=True)
class Made:
    """A site made in memory: what `build` writes and what `serve` serves."""

    site: Site
    files: list[OutputFile]  # rendered pages, feeds, sitemap...
    copies: list[CopyFile]  # static files and bundle resources, copied as they are
    outputs: list[str]  # every output path
    parts: Parts  # what it was made with, for serve's one-page updates
    kept: list[str] = field(default_factory=list)  # unchanged files the writer keeps
    output_cache: OutputCache | None = None
    changes_at: datetime | None = None  # when a future post falls due and the site changes

    def pages_per_language(self) -> dict[str, int]:
        """How many regular pages (posts) each language has, for the summary."""
        return dict(Counter(p.lang for p in self.site.regular_pages()))

    def terms(self) -> int:
        """How many term pages the site has, for the summary."""
        return sum(1 for p in self.site.pages.values() if p.kind == TERM)


def make_site(config: SiteConfig, *, cache: bool = True, out_dir: Path | None = None) -> Made:
    """Make every output file of the site in memory (`sitegen build` and `serve`).

    With `cache`, content rendered by an earlier build is reused when nothing it
    depends on changed, and with `out_dir` too, so are the pages already in that
    folder (see cache/)."""
    content = make_content(config, check=False, cache=cache)
    theme, plan = content.theme, content.renderer.plan
    env = make_environment(config, theme)
    translators = load_translators(config, theme.i18n_dirs)
    images, found = prepare_images(config, content.copies, content.cache.images if content.cache else None)
    report(content.problems, found)
    images.install(env)
    parts = Parts(content.renderer, theme, content.rendered, env, translators, images)
    # a kept page shows images as the table says: the table's version is part of its key
    version = images.table.version()
    pages = content.cache.pages(theme, out_dir, version) if content.cache and out_dir else None
    fonts = content.cache.fonts if content.cache else None
    files, kept = render_outputs(parts, content.site, content.copies, pages, fonts=fonts)
    outputs = [f.path for f in files] + kept + [c.path for c in content.copies]
    finish(content, outputs, strict=False)
    changes_at = next_change(plan, content.now)
    return Made(content.site, files, content.copies, outputs, parts, kept, pages, changes_at)


def plan_outputs(config: SiteConfig) -> list[str]:
    """Check the site as a build would, and every link strictly (`sitegen check`);
    return the output paths a build would write, without rendering templates."""
    content = make_content(config, check=True, cache=True)
    images, found = prepare_images(config, content.copies, None, encode=False)
    report(content.problems, found)
    outputs = content.outputs + math_paths(content.site, content.copies) + variant_paths(images)
    finish(content, outputs, strict=True)
    return outputs


def make_content(config: SiteConfig, *, check: bool, cache: bool) -> Content:
    """Sources -> front matter -> plan -> shortcodes and Markdown -> the site model.

    `check` renders only what `sitegen check` reads (see `Rendered`)."""
    theme = find_theme(config)
    sources, loose = discover_sources(config)
    problems: list[Problem] = []
    documents, broken = parse_documents(config, sources, problems)
    # Files with errors stay in the plan as unpublished, so refs to them are not
    # reported again as "not found": their own error says what is wrong.
    now = build_time()
    plan = plan_site(config, documents, now=now, broken=broken)
    owners = claim_outputs(plan, static_copies(config, theme) + content_copies(plan, loose))
    problems += owners.problems
    md = make_markdown(
        unsafe=config.unsafe,
        toc_start=config.toc_start,
        toc_end=config.toc_end,
        typographer=substitutions(config.typographer_subs) if config.typographer else None,
        emoji=config.enable_emoji,
        passthrough=config.passthrough,
        math_macros=config.math_macros,
        image_captions=image_captions(config),
        highlight=config.highlight,
    )
    refs = RefIndex(plan.ref_targets, [lang.code for lang in config.languages], config.default_language)
    shortcodes = Shortcodes(config, theme, md, refs)
    caches = BuildCache(config, plan, shortcodes, check=check) if cache else None
    contents = caches.content if caches else None
    renderer = Renderer(config, plan, md, shortcodes)
    rendered = render_contents(renderer, problems, check=check, cache=contents)
    site = build_site(plan, rendered, build_menus(plan))
    return Content(renderer, theme, rendered, site, owners.copies, owners.paths, problems, now, caches)


def finish(content: Content, outputs: list[str], *, strict: bool) -> None:
    """Report the whole-site problems, fail on any error, then tidy the cache."""
    problems = content.problems
    report(problems, check_site(content.site, outputs, content.renderer.plan, strict=strict))
    stop_on_errors(problems)
    if content.cache:
        content.cache.finish()


def render_outputs(
    parts: Parts,
    site: Site,
    copies: list[CopyFile],
    cache: OutputCache | None = None,
    *,
    fonts: Store | None = None,
) -> tuple[list[OutputFile], list[str]]:
    """Every generated file: pages, feeds, sitemap, robots.txt and syntax colours; plus
    the paths of pages the output cache keeps from the last build. `fonts`: the
    build cache's math font subsets."""
    pages, kept = render_pages(site, parts.env, parts.theme, parts.translators, cache)
    if parts.images:
        pages = [*parts.images.pages(pages), *parts.images.variants]
    made = [
        *site_files(site, copies, fonts),
        *pages,
        *render_feeds(site, localiser(parts.translators), translator(parts.translators)),
    ]
    return made, kept


def site_files(site: Site, copies: list[CopyFile], fonts: Store | None = None) -> list[OutputFile]:
    """The files made without templates: sitemap, robots.txt, syntax colours, and the
    math stylesheet and fonts."""
    math = math_assets(site, copies, fonts)
    return [render_sitemap(site), render_robots(site), *syntax_stylesheet(copies), *math]


def next_change(plan: SitePlan, now: datetime) -> datetime | None:
    """The earliest date a post left out for being in the future falls due."""
    due = [
        d
        for doc, _ in plan.excluded.values()
        if (d := doc.front_matter.publish_date or doc.front_matter.date) and d > now
    ]
    return min(due, default=None)


def parse_documents(
    config: SiteConfig, sources: Iterable[Source], problems: list[Problem]
) -> tuple[list[Document], list[Source]]:
    """Parse every source; return the documents and the sources that failed.

    This stays in one process: parsing in workers was measured no faster on the
    standard corpus, because pickling the front matter back costs what it saves.
    """
    documents, broken = [], []
    for source in sources:
        try:
            documents.append(parse_document(config, source))
        except BuildFailed as exc:
            problems.extend(exc.problems)
            broken.append(source)
        except SitegenError as exc:
            problems.append(exc.problem)
            broken.append(source)
    return apply_cascades(documents), broken


def parse_document(config: SiteConfig, source: Source) -> Document:
    """Read a content file and split its front matter from its body."""
    text = read_source(source.path)
    front_matter, body, body_line = parse_front_matter(source.path, text, config)
    return Document(source, front_matter, body, body_line)


def render_contents(
    renderer: Renderer, problems: list[Problem], *, check: bool = False, cache: ContentCache | None = None
) -> dict[PageKey, Rendered]:
    """Expand shortcodes and render Markdown for every published page, on every core.

    Pages whose content is in the cache, unchanged, are taken from it. With
    `check`, only what `sitegen check` reads is kept (see `Rendered`): the HTML
    would otherwise be pickled back from the workers for nothing.
    """
    done: dict[PageKey, Rendered] = {}
    todo = []
    for key, _ in renderer.plan.documents():
        hit = cache.get(key) if cache else None
        if hit is None:
            todo.append(key)
        else:
            done[key] = hit
    work = partial(_render_and_store, cache, renderer, check=check)
    unknown: list[UnknownUse] = []
    for outcome in run_all(todo, work, stage="posts"):  # outcomes come back in document order
        report(problems, [*outcome.warnings, *outcome.errors])
        if outcome.result is not None:
            rendered, found, ref_calls = outcome.result
            done[outcome.key] = rendered
            other, uses = split_unknown(found)
            problems.extend(other)
            unknown.extend(uses)
            if cache and (found or outcome.warnings):  # problems must show every time
                cache.discard(outcome.key)
            elif cache:
                cache.note(outcome.key, rendered, ref_calls)
    # one report per unknown name for the whole site, made here so its text is deterministic
    report(problems, report_unknown(unknown, renderer.shortcodes.paired, renderer.config))
    return done


def _render_and_store(
    cache: ContentCache | None, renderer: Renderer, key: PageKey, *, check: bool = False
) -> tuple[Rendered, list[Problem], list[RefCall]]:
    """Render in a worker and store the result there too: writing 2,000 entries in
    the parent alone cost a cold build 0.4 s."""
    result = render_document(renderer, key, check=check)
    if cache and not result[1]:
        cache.put(key, result[0], result[2])
    return result


def render_document(
    renderer: Renderer, key: PageKey, *, check: bool = False, doc: Document | None = None
) -> tuple[Rendered, list[Problem], list[RefCall]]:
    """One page's content: shortcodes first, then Markdown, then the parked HTML back in.

    `doc` is the page's document when it is newer than the plan's (serve's
    one-page update; its front matter is the plan's). Broken refs come back as
    problems beside the content, so the rest of the page (and its links) is
    still checked.
    """
    plan = renderer.plan
    doc = doc or plan.specs[key].doc
    assert doc is not None, "only pages with a source file are rendered"
    path = doc.source.path
    expansion = renderer.shortcodes.expand(
        doc.body,
        path=path,
        first_line=doc.body_line,
        page=plan.shortcode_page(key),
        target=plan.ref_target(key),
    )
    links = page_links(plan, renderer.shortcodes.refs, key, keep=expansion.verbatim_links)
    rendered = render_markdown(
        renderer.md,
        expansion.text,
        path=path,
        first_line=doc.body_line,
        summary_length=renderer.config.summary_length,
        summary=doc.front_matter.summary,
        check=check,
        link_hook=links,
    )
    done = number_page(expansion.finish(rendered, check=check), path, doc.body, doc.body_line)
    calls = expansion.ref_calls + links.calls
    return (replace(done, html="") if check else done), expansion.problems, calls


def report(problems: list[Problem], found: Iterable[Problem]) -> None:
    """Warnings go to the log at once; errors wait in `problems` for stop_on_errors."""
    for problem in found:
        if problem.severity == "warning":
            warn(problem.message, problem.path, problem.line, problem.col, problem.hint)
        else:
            problems.append(problem)


def stop_on_errors(problems: list[Problem]) -> None:
    """Fail with every collected error at once, in file order."""
    if problems:
        # once each: a broken shortcode template fails every page that uses it alike
        unique = dict.fromkeys(problems)
        ordered = sorted(unique, key=lambda p: (str(p.path or ""), p.line or 0, p.col or 0))
        raise BuildFailed(ordered)


def syntax_stylesheet(copies: list[CopyFile]) -> list[OutputFile]:
    """Pygments colours for code, light and dark, unless the theme or site ships its own."""
    if any(c.path == SYNTAX_CSS for c in copies):
        return []
    return [OutputFile(SYNTAX_CSS, pygments_css().encode("utf-8"))]


def math_assets(site: Site, copies: list[CopyFile], fonts: Store | None = None) -> list[OutputFile]:
    """css/math.css and the math fonts, the font cut to the characters the site's
    formulas use (math/font.py); nothing if no page has math, or the theme or site
    ships its own css/math.css (its fonts are its own business then)."""
    with_math = [p.content for p in site.pages.values() if p.content.has_math]
    if not (paths := math_paths(site, copies)):
        return []
    htmls = [html for content in with_math for html in (content.html, content.summary_html)]
    return [OutputFile(path, data) for path, data in math_files(htmls, fonts) if path in paths]


def math_paths(site: Site, copies: list[CopyFile]) -> list[str]:
    """The math files a build writes: `sitegen check` names them without the MathML."""
    copied = {c.path for c in copies}
    if MATH_CSS in copied or not any(p.content.has_math for p in site.pages.values()):
        return []
    # a font the site ships at our path is its choice: kept, and not written over
    return [path for path in MATH_FILES if path not in copied]
