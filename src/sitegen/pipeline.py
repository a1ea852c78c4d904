"""The build, top to bottom: config -> sources -> front matter -> Markdown -> site
model -> templates -> output. `build()` reads like the product's own sentence.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from markdown_it import MarkdownIt

from .config import SiteConfig
from .errors import SitegenError
from .front_matter import parse_front_matter
from .highlight import pygments_css
from .markdown import make_markdown, render_markdown
from .model import PAGE, Document, OutputFile, Site, Source
from .output import CopyFile, check_output_dir, write_output
from .render import render_pages
from .site import build_site
from .sitemap import render_robots, render_sitemap
from .sources import LooseFile, discover_sources
from .templates import Theme, find_theme, load_translators, make_environment
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


def build(config: SiteConfig, *, write: bool = True) -> BuildResult:
    """Build the site; write it to the output folder unless `write` is False."""
    started = time.perf_counter()
    out_dir = config.site_dir / config.output_dir
    if write:
        check_output_dir(config, out_dir)
    theme = find_theme(config)
    sources, loose = discover_sources(config)
    md = make_markdown(unsafe=config.unsafe, toc_start=config.toc_start, toc_end=config.toc_end)
    documents = [load_document(config, md, source) for source in sources]
    site = build_site(config, documents, now=build_time())
    env = make_environment(config, theme)
    files = render_pages(site, env, theme, load_translators(config, theme))
    copies = static_copies(theme) + content_copies(config, site, loose)
    files += [render_sitemap(site), render_robots(site), *syntax_stylesheet(copies)]
    count = write_output(out_dir, files, copies) if write else len(files) + len(copies)
    return BuildResult(
        site=site,
        files=count,
        pages_per_language=dict(Counter(p.lang for p in site.regular_pages())),
        terms=sum(1 for p in site.pages.values() if p.kind == "term"),
        static_files=len(copies),
        seconds=time.perf_counter() - started,
        output_dir=out_dir if write else None,
    )


def load_document(config: SiteConfig, md: MarkdownIt, source: Source) -> Document:
    """Read, parse and render one content file."""
    text = read_source(source.path)
    front_matter, body, body_line = parse_front_matter(source.path, text, config)
    content = render_markdown(
        md, body, path=source.path, first_line=body_line,
        summary_length=config.summary_length, summary=front_matter.summary,
    )
    return Document(source, front_matter, body_line, content)


def read_source(path: Path) -> str:
    """Read a content file as UTF-8 (a BOM is fine; CRLF becomes LF)."""
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise SitegenError("file looks binary, not Markdown", path,
                           hint="move it out of content/, or into a page bundle folder")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1  # characters
        raise SitegenError(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", path, line, col,
            hint="re-save it as UTF-8; if it came from a Windows tool it may be GBK or cp1252",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def build_time() -> datetime:
    """The 'now' that decides which posts are in the future; SOURCE_DATE_EPOCH wins."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC)


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
    copies = [CopyFile(r.source, r.output_path)
              for page in site.pages.values() if page.kind == PAGE for r in page.resources]
    for item in loose:
        prefix = config.language(item.lang).prefix
        url = f"/{prefix}/{item.rel}" if prefix else f"/{item.rel}"
        copies.append(CopyFile(item.source, output_path(config, url)))
    return copies
