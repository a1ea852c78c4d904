"""The build, top to bottom: config -> sources -> front matter -> Markdown -> site
model -> templates -> output. `build()` reads like the product's own sentence.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt

from .cache.content import ContentCache
from .cache.fingerprint import build_time
from .cache.pages import OutputCache
from .cache.store import cache_root
from .cascade import apply_cascades
from .check import check_site
from .config import SiteConfig
from .errors import BuildFailed, Problem, SitegenError, warn
from .feeds import feed_paths, render_feeds
from .front_matter import parse_front_matter
from .highlight import pygments_css
from .markdown import make_markdown, render_markdown
from .model import PAGE, Document, OutputFile, PageKey, Rendered, Site, Source
from .output import CopyFile, check_output_dir, write_output
from .parallel import run_all
from .refs import RefIndex
from .render import planned_paths, render_pages
from .shortcodes import RefCall, Shortcodes
from .shortcodes.unknown import UnknownUse, report_unknown, split_unknown
from .site import SitePlan, build_site, plan_site
from .sitemap import render_robots, render_sitemap
from .sources import LooseFile, discover_sources
from .templates import Theme, Translator, find_theme, load_translators, make_environment
from .urls import output_path

SYNTAX_CSS = "css/syntax.css"


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the closing summary and for tests."""

    site: Site
    files: int
    pages_per_language: dict[str, int]
    terms: int
    static_files: int
    seconds: float
    output_dir: Path | None = None
    warnings: list[str] = field(default_factory=list)
    changes_at: datetime | None = None  # when a future post falls due and the site changes


@dataclass(frozen=True)
class Made:
    """A site made in memory: what `build` writes and what `serve` serves."""

    site: Site
    files: list[OutputFile]  # rendered pages, feeds, sitemap...
    copies: list[CopyFile]  # static files and bundle resources, copied as they are
    outputs: list[str]  # every output path, including those check only plans
    parts: Parts | None = None  # what it was made with, for serve's one-page updates
    kept: list[str] = field(default_factory=list)  # unchanged files the writer keeps
    output_cache: OutputCache | None = None
    changes_at: datetime | None = None


@dataclass(frozen=True)
class Parts:
    """The intermediate results of a build that a one-page update can reuse."""

    config: SiteConfig
    theme: Theme
    plan: SitePlan
    md: MarkdownIt
    shortcodes: Shortcodes
    rendered: dict[PageKey, Rendered]
    env: jinja2.Environment
    translators: dict[str, Translator]


def build(config: SiteConfig, *, write: bool = True, strict: bool = False, cache: bool = True) -> BuildResult:
    """Build the site; write it unless `write` is False (that is `sitegen check`).

    Errors in single files are collected, so one run reports all of them; `strict`
    (check) also makes broken links and series problems errors.
    """
    started = time.perf_counter()
    out_dir = config.site_dir / config.output_dir
    if write:
        check_output_dir(config, out_dir)
    made = make_site(config, render=write, strict=strict, cache=cache, out_dir=out_dir if write else None)
    count = (
        write_output(out_dir, made.files, made.copies, made.kept, made.output_cache)
        if write
        else len(made.outputs)
    )
    return build_result(made, count, time.perf_counter() - started, out_dir if write else None)


def make_site(
    config: SiteConfig,
    *,
    render: bool = True,
    strict: bool = False,
    cache: bool = True,
    out_dir: Path | None = None,
) -> Made:
    """Everything a build does except writing; `render=False` (check) plans pages only.

    With `cache`, content rendered by an earlier build is reused when nothing it
    depends on changed (content_cache.py), and with `out_dir` too, so are the
    pages already in that folder (output_cache.py)."""
    theme = find_theme(config)
    sources, loose = discover_sources(config)
    problems: list[Problem] = []
    documents, broken = parse_documents(config, sources, problems)
    # Files with errors stay in the plan as unpublished, so refs to them are not
    # reported again as "not found": their own error says what is wrong.
    now = build_time()
    plan = plan_site(config, documents, now=now, broken=broken)
    md = make_markdown(unsafe=config.unsafe, toc_start=config.toc_start, toc_end=config.toc_end)
    refs = RefIndex(plan.ref_targets, [lang.code for lang in config.languages], config.default_language)
    shortcodes = Shortcodes(config, theme, md, refs)
    contents = (
        ContentCache(cache_root(config.site_dir), config, plan, shortcodes, full=render) if cache else None
    )
    rendered = render_contents(config, plan, md, shortcodes, problems, full=render, cache=contents)
    site = build_site(plan, rendered)
    copies = static_copies(theme) + content_copies(config, site, loose)
    parts, page_cache = None, None
    kept: list[str] = []
    if render:  # check needs the list of pages, not their HTML
        env = make_environment(config, theme)
        parts = Parts(config, theme, plan, md, shortcodes, rendered, env, load_translators(config, theme))
        if contents and out_dir:
            page_cache = OutputCache(
                cache_root(config.site_dir), config, theme, plan, contents.versions, out_dir
            )
        files, kept = render_outputs(parts, site, copies, page_cache)
        outputs = [f.path for f in files] + kept + [c.path for c in copies]
    else:
        files = []
        outputs = (
            [f.path for f in render_outputs(None, site, copies)[0]]
            + [c.path for c in copies]
            + planned_paths(site)
            + feed_paths(site)
        )
    report(problems, check_site(site, outputs, dict(plan.excluded), strict=strict))
    stop_on_errors(problems)
    if contents and render:  # check reads the build's entries; it stores none
        contents.store.prune()
    return Made(site, files, copies, outputs, parts, kept, page_cache, next_change(plan, now))


def render_outputs(
    parts: Parts | None,
    site: Site,
    copies: list[CopyFile],
    cache: OutputCache | None = None,
) -> tuple[list[OutputFile], list[str]]:
    """Every generated file: sitemap, robots.txt, syntax colours, and (with parts) pages
    and feeds; plus the paths of pages the output cache keeps from the last build."""
    files = [render_sitemap(site), render_robots(site), *syntax_stylesheet(copies)]
    kept: list[str] = []
    if parts is not None:
        pages, kept = render_pages(site, parts.env, parts.theme, parts.translators, cache)
        files += pages
        files += render_feeds(site)
    return files, kept


def build_result(made: Made, files: int, seconds: float, out_dir: Path | None) -> BuildResult:
    site = made.site
    return BuildResult(
        site=site,
        files=files,
        pages_per_language=dict(Counter(p.lang for p in site.regular_pages())),
        terms=sum(1 for p in site.pages.values() if p.kind == "term"),
        static_files=len(made.copies),
        seconds=seconds,
        output_dir=out_dir,
        changes_at=made.changes_at,
    )


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
    config: SiteConfig,
    plan: SitePlan,
    md: MarkdownIt,
    shortcodes: Shortcodes,
    problems: list[Problem],
    *,
    full: bool = True,
    cache: ContentCache | None = None,
) -> dict[PageKey, Rendered]:
    """Expand shortcodes and render Markdown for every published page, on every core.

    Pages whose content is in the cache, unchanged, are taken from it.

    `full=False` (check) skips what only templates read: summaries, word counts,
    and the HTML itself, which would otherwise be pickled back from the workers.
    """
    done: dict[PageKey, Rendered] = {}
    todo = []
    for key, _ in plan.documents():
        hit = cache.get(key) if cache else None
        if hit is None:
            todo.append(key)
        else:
            done[key] = hit
    work = partial(_render_and_store, cache, config, plan, md, shortcodes, full=full)
    unknown: list[UnknownUse] = []
    for outcome in run_all(todo, work):  # outcomes come back in document order
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
    report(problems, report_unknown(unknown, shortcodes.paired, config))
    return done


def _render_and_store(
    cache: ContentCache | None,
    config: SiteConfig,
    plan: SitePlan,
    md: MarkdownIt,
    shortcodes: Shortcodes,
    key: PageKey,
    *,
    full: bool = True,
) -> tuple[Rendered, list[Problem], list[RefCall]]:
    """Render in a worker and store the result there too: writing 2,000 entries in
    the parent alone cost a cold build 0.4 s."""
    result = render_document(config, plan, md, shortcodes, key, full=full)
    if cache and not result[1]:
        cache.put(key, result[0], result[2])
    return result


def render_document(
    config: SiteConfig,
    plan: SitePlan,
    md: MarkdownIt,
    shortcodes: Shortcodes,
    key: PageKey,
    *,
    full: bool = True,
) -> tuple[Rendered, list[Problem], list[RefCall]]:
    """One page's content: shortcodes first, then Markdown, then the parked HTML back in.

    Broken refs come back as problems beside the content, so the rest of the page
    (and its links) is still checked.
    """
    doc = plan.specs[key].doc
    assert doc is not None, "only pages with a source file are rendered"
    path = doc.source.path
    expansion = shortcodes.expand(
        doc.body,
        path=path,
        first_line=doc.body_line,
        page=plan.shortcode_page(key),
        target=plan.ref_target(key),
    )
    rendered = render_markdown(
        md,
        expansion.text,
        path=path,
        first_line=doc.body_line,
        summary_length=config.summary_length,
        summary=doc.front_matter.summary,
        full=full,
    )
    done = expansion.finish(rendered, full=full)
    return (done if full else replace(done, html="")), expansion.problems, expansion.ref_calls


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
        ordered = sorted(problems, key=lambda p: (str(p.path or ""), p.line or 0, p.col or 0))
        raise BuildFailed(ordered)


def read_source(path: Path) -> str:
    """Read a content file as UTF-8 (a BOM is fine; CRLF becomes LF)."""
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise SitegenError(
            "file looks binary, not Markdown",
            path,
            hint="move it out of content/, or into a page bundle folder",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1  # characters
        raise SitegenError(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            path,
            line,
            col,
            hint="re-save it as UTF-8; if it came from a Windows tool it may be GBK or cp1252",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def syntax_stylesheet(copies: list[CopyFile]) -> list[OutputFile]:
    """Pygments colours for code, light and dark, unless the theme or site ships its own."""
    if any(c.path == SYNTAX_CSS for c in copies):
        return []
    return [OutputFile(SYNTAX_CSS, pygments_css().encode("utf-8"))]


def static_copies(theme: Theme) -> list[CopyFile]:
    """Theme static files, then the site's, which win on a name clash."""
    chosen: dict[str, Path] = {}
    for folder in theme.static_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                chosen[path.relative_to(folder).as_posix()] = path
    return [CopyFile(src, rel) for rel, src in sorted(chosen.items())]


def content_copies(config: SiteConfig, site: Site, loose: tuple[LooseFile, ...]) -> list[CopyFile]:
    """Page-bundle resources next to their pages, and loose content files in place."""
    copies = [
        CopyFile(r.source, r.output_path)
        for page in site.pages.values()
        if page.kind == PAGE
        for r in page.resources
    ]
    for item in loose:
        prefix = config.language(item.lang).prefix
        url = f"/{prefix}/{item.rel}" if prefix else f"/{item.rel}"
        copies.append(CopyFile(item.source, output_path(config, url)))
    return copies
