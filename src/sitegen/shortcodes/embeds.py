"""Shortcodes that bring content from elsewhere: Blowfish's `codeimporter` and
`mdimporter`, and Hugo's `qr`.

Blowfish's importers fetch a URL at build time; sitegen never goes on the
network while building, so a URL renders a card linking to the file (and, for a
raw.githubusercontent.com URL, its github.com page) with a located warning. A
local path, relative to the page's folder or the site, is sitegen's own
extension: that file is imported for real (code highlighted, Markdown rendered).

`qr` draws the code at build time with segno and inlines it as an SVG `data:`
image, so a page needs no extra file; the `<img>` has the size Hugo's PNG has.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import segno
from pygments.lexers import get_lexer_for_filename
from pygments.util import ClassNotFound

from ..errors import SitegenError, warn
from ..highlight import options_from, render_code
from ..urls import REFUSED_URL_HINT, quoted_url, refused_scheme
from .icons import icon_svg
from .parser import OPTIONAL, Pairing, Shortcode


def not_fetched_hint(url: str) -> str:
    """Say what to do, in the file's own name: `url="README.md"` for …/README.md."""
    name = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "snippet.go"
    return f'copy the file next to the page and pass its path instead: url="{name}"'


_RAW_GITHUB = re.compile(r"https://raw\.githubusercontent\.com/([^/]+)/([^/]+)/(.+)")
# In a RefCall's lang place (never a language code): the body read this file, whose
# digest is the call's "link"; the render cache re-checks it (Shortcodes.refs_unchanged).
IMPORTED_FILE = "<file>"
_LEVELS = {"low": "l", "medium": "m", "quartile": "q", "high": "h"}
# Strings the cards show, by language (shortcode templates have no T()).
_TEXT = {
    "en": {
        "not_fetched": "Not fetched at build time: open the file at its source.",
        "on_github": "View on GitHub",
    },
    "zh": {"not_fetched": "构建时不抓取外部内容：请在源站查看该文件。", "on_github": "在 GitHub 上查看"},
}


def _text(call: Any, key: str) -> str:
    lang = "zh" if str(call.page.lang).lower().startswith("zh") else "en"
    return _TEXT[lang][key]


def _fail(call: Any, sc: Shortcode, message: str, hint: str | None = None) -> SitegenError:
    return SitegenError(message, call.path, sc.line, sc.col, hint)


def _url(sc: Shortcode, call: Any) -> str:
    url = sc.kwargs.get("url") or (sc.args[0] if sc.args else "")
    if not url.strip():
        raise _fail(call, sc, f'{sc.name} needs url="…"', f'e.g. {{{{< {sc.name} url="snippet.py" >}}}}')
    return url.strip()


def checked_url(url: str, argument: str, sc: Shortcode, call: Any, *, unsafe: bool) -> str:
    """The URL as given, unless raw HTML is off and Markdown would not link it (as safe_url)."""
    if unsafe or (scheme := refused_scheme(url)) is None:
        return url
    raise _fail(
        call,
        sc,
        f"{sc.name} {argument}={quoted_url(url)} is a {scheme} URL, refused while raw HTML is off",
        REFUSED_URL_HINT,
    )


def _is_remote(url: str) -> bool:
    """A URL with a scheme (https:, javascript:) or a host (//cdn…); else a path."""
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", url) is not None


def _line_range(sc: Shortcode, call: Any) -> tuple[int | None, int | None]:
    """startLine/endLine (Blowfish), or line="a-b" (its newer docs); 1-based, inclusive."""
    start, end = sc.kwargs.get("startLine", ""), sc.kwargs.get("endLine", "")
    if "line" in sc.kwargs:
        start, _, end = sc.kwargs["line"].partition("-")
    found: list[int | None] = []
    for name, value in (("startLine", start.strip()), ("endLine", end.strip())):
        if not value:
            found.append(None)
        elif value.isascii() and value.isdigit() and 0 < len(value) < 10 and int(value) > 0:
            found.append(int(value))
        else:
            raise _fail(call, sc, f"{name} must be a line number from 1, not {value[:40]!r}")
    first, last = found
    if first is not None and last is not None and last < first:
        raise _fail(call, sc, f"endLine {last} comes before startLine {first}")
    return first, last


def _local_file(sc: Shortcode, call: Any, reg: Any, url: str) -> Path:
    """The file a local url names: beside the page, or with a leading / in the site's
    content/ or static/ folder. Only those folders: a build notices their changes."""
    config = reg.config
    site = Path(config.site_dir)
    roots = [site / config.content_dir, site / "static"]
    roots += [site / lang.content_dir for lang in config.languages if lang.content_dir]
    roots = [r.resolve() for r in roots]
    relative = url.split("#")[0].split("?")[0]
    page = Path(call.page.source)
    page = page if page.is_absolute() else site / page
    bases = roots if relative.startswith("/") else [page.resolve().parent]
    for base in bases:
        candidate = (base / relative.lstrip("/")).resolve()
        if not any(candidate.is_relative_to(root) for root in roots):
            raise _fail(
                call,
                sc,
                f"{sc.name} url={url!r} is outside the site's content and static folders",
                "import a file beside the page, or one under content/ or static/ with a leading /",
            )
        if candidate.is_file():
            return candidate
    raise _fail(
        call,
        sc,
        f"{sc.name}: no file {url!r} beside the page or in the site",
        "paths are relative to the page's folder, or to content/ or static/ with a leading /",
    )


def file_digest(path: Path) -> str | None:
    """The file's bytes, hashed; None when it is gone."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _read(path: Path, sc: Shortcode, call: Any) -> str:
    # the page's cached render holds this file's text: note what it was
    call.out.ref_calls.append((str(path), IMPORTED_FILE, False, file_digest(path)))
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _fail(call, sc, f"{sc.name}: {path.name} is not UTF-8 text") from None


def _cut(text: str, first: int | None, last: int | None, sc: Shortcode, call: Any, name: str) -> str:
    lines = text.splitlines()
    if first is not None and first > len(lines):
        raise _fail(call, sc, f"startLine {first} is past the end of {name} ({len(lines)} lines)")
    return "\n".join(lines[(first or 1) - 1 : last]) + "\n"


def _remote_card(reg: Any, sc: Shortcode, call: Any, url: str, first: int | None, last: int | None) -> str:
    """The offline stand-in for a fetched file: a located warning and a card with links."""
    warn(
        f"content not fetched: {url} (sitegen does not fetch at build time)",
        call.path,
        sc.line,
        sc.col,
        not_fetched_hint(url),
    )
    href = checked_url(url, "url", sc, call, unsafe=reg.config.unsafe)
    links = [f'<a class="import-url" href="{escape(href)}">{escape(url)}</a>']
    if m := _RAW_GITHUB.fullmatch(href.split("?")[0].split("#")[0]):
        blob = f"https://github.com/{m[1]}/{m[2]}/blob/{m[3]}"
        if first:
            blob += f"#L{first}" + (f"-L{last}" if last and last != first else "")
        links.append(f'<a class="import-blob" href="{escape(blob)}">{_text(call, "on_github")}</a>')
    return (
        f'<div class="import-card import-{sc.name}">\n'
        f'<p class="import-links">{icon_svg("code" if sc.name == "codeimporter" else "link")} '
        + " · ".join(links)
        + f'</p>\n<p class="import-note">{_text(call, "not_fetched")}</p>\n</div>'
    )


def _language(sc: Shortcode, path: Path | None) -> str:
    lang = sc.kwargs.get("type") or sc.kwargs.get("lang") or ""
    if lang or path is None:
        return lang
    try:
        return str(get_lexer_for_filename(path.name).aliases[0])
    except (ClassNotFound, IndexError):
        return ""


def codeimporter(reg: Any, sc: Shortcode, inner: str | None, call: Any) -> tuple[str, bool]:
    """`{{< codeimporter url="…" type="go" startLine="3" endLine="9" >}}`."""
    url = _url(sc, call)
    first, last = _line_range(sc, call)
    if _is_remote(url):
        return _remote_card(reg, sc, call, url, first, last), False
    path = _local_file(sc, call, reg, url)
    code = _cut(_read(path, sc, call), first, last, sc, call, url)
    options = options_from(reg.config.highlight, code.count("\n"))
    # in {{% %}} the output goes through Markdown, where a blank code line would end the
    # HTML block; line spans (as the highlight shortcode uses there) leave none blank
    return render_code(code, _language(sc, path), options, wrap_lines=sc.markdown), False


def mdimporter(reg: Any, sc: Shortcode, inner: str | None, call: Any) -> tuple[str, bool]:
    """`{{< mdimporter url="…" >}}`: a local Markdown file rendered in place."""
    url = _url(sc, call)
    first, last = _line_range(sc, call)
    if _is_remote(url):
        return _remote_card(reg, sc, call, url, first, last), False
    path = _local_file(sc, call, reg, url)
    text = _cut(_read(path, sc, call), first, last, sc, call, url)
    if sc.markdown:  # {{% mdimporter %}}: the file's Markdown joins the page's own
        return text, False
    return f'<div class="import-markdown">\n{reg.md.render(text)}</div>', False


def qr(reg: Any, sc: Shortcode, inner: str | None, call: Any) -> tuple[str, bool]:
    """Hugo's `qr`: text= or the inner text; level, scale, and the img's attributes."""
    text = sc.kwargs.get("text") or (sc.inner_source or "").strip()
    if not text:
        raise _fail(call, sc, 'qr needs text="…" or text between its tags', '{{< qr text="https://…" />}}')
    level = sc.kwargs.get("level") or "medium"
    if level not in _LEVELS:
        raise _fail(call, sc, f"qr level must be low, medium, quartile or high, not {level[:40]!r}")
    scale_text = sc.kwargs.get("scale") or "4"
    if not (scale_text.isascii() and scale_text.isdigit() and len(scale_text) < 4 and int(scale_text) >= 2):
        raise _fail(call, sc, f"qr scale must be a whole number of 2 or more, not {scale_text[:40]!r}")
    if sc.kwargs.get("targetDir"):
        warn(
            "qr targetDir is ignored: sitegen inlines the code in the page, it writes no image file",
            call.path,
            sc.line,
            sc.col,
        )
    # boost_error off: the level asked for is the level used, as in Hugo
    code = segno.make(text, error=_LEVELS[level], micro=False, boost_error=False)
    scale = int(scale_text)
    svg = io.BytesIO()
    # a 4-module quiet zone, as Hugo's image has; black on white whatever the colour scheme
    options = {"xmldecl": False, "svgns": True, "svgclass": None, "lineclass": None, "nl": False}
    code.save(svg, kind="svg", scale=scale, border=4, dark="#000", light="#fff", **options)
    width, _ = code.symbol_size(scale=scale, border=4)
    data = base64.b64encode(svg.getvalue()).decode("ascii")
    attrs = [f'src="data:image/svg+xml;base64,{data}"', f'width="{width}"', f'height="{width}"']
    # unlike Hugo, alt is always there (the encoded text by default): the HTML stays valid
    attrs.append(f'alt="{escape(sc.kwargs.get("alt") or text)}"')
    attrs.append(f'class="{escape(" ".join(["qr", *sc.kwargs.get("class", "").split()]))}"')
    for name in ("id", "title", "loading"):
        if sc.kwargs.get(name):
            attrs.append(f'{name}="{escape(sc.kwargs[name])}"')
    return f"<img {' '.join(attrs)}>", False


Handler = Callable[..., tuple[str, bool]]
HANDLERS: dict[str, tuple[Pairing, Handler]] = {
    "codeimporter": (False, codeimporter),
    "mdimporter": (False, mdimporter),
    "qr": (OPTIONAL, qr),
}
