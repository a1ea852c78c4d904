"""Shortcode stage: a body with `{{< >}}`, `{{% %}}` or `<<< >>>` tags -> Markdown text.

`{{% %}}` output is Markdown and goes into the text as is. `{{< >}}` output is
HTML that Markdown must not touch, so it is parked behind a placeholder and
spliced back after rendering (`splice`); a placeholder alone in a paragraph
takes the paragraph's place, as in Hugo. `ref`/`relref` print a URL, which
goes into the text directly so it can sit inside a Markdown link.

The registry holds Python built-ins (ref, relref, katex; highlight and param
in hugo_shortcodes.py) and Jinja shortcodes, looked up in the site's
`layouts/shortcodes/`, then the theme's `layouts/shortcodes/` and
`shortcodes/`, then sitegen's own. A name found nowhere renders what is
between its tags and is reported by name for the whole site (unknown_shortcodes.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..boundary import check_tree
from ..cache.store import digest
from ..config import SiteConfig
from ..errors import Problem, SitegenError, display_path, warn
from ..math.plugin import tex_to_mathml
from ..model import BROKEN, RefUse, ShortcodePage, Site
from ..refs import UNPUBLISHED, RefError, RefIndex, RefTarget, Resolved
from ..templates import TemplateLoader, Theme, safe_url, template_error
from .cards import CARD, cards_unchanged
from .cards import HANDLERS as CARDS
from .chart import HANDLERS as CHART
from .embeds import HANDLERS as EMBEDS
from .embeds import IMPORTED_FILE, file_digest
from .expansion import Expansion, Parent, RefCall, dedent_inner
from .filters import base64_text, css_color
from .hugo import highlight_shortcode, param_shortcode
from .icons import UnknownIcon, icon_svg
from .images import Images
from .parser import OPTIONAL, Node, Pairing, Shortcode, Text, parse_shortcodes
from .unknown import unknown_use

BUILTIN_TEMPLATES = Path(__file__).parent / "builtin"
# Blowfish's shortcodes, written for sitegen's default theme from Blowfish's docs.
BLOWFISH_TEMPLATES = Path(__file__).parent / "blowfish"
# A template whose inner content is optional says so: `{#- inner: optional -#}`.
_OPTIONAL_MARK = re.compile(r"\{#-?\s*inner:\s*optional\b")
# Text starting like a Markdown block (heading, list, quote, fence, table, HTML, math,
# indented code) needs the block parser; anything else is one paragraph.
_BLOCK_START = re.compile(r"^(?:#|[-*+]\s|\d+[.)]\s|>|```|~~~|\||<|\$\$| {4}|\t|SGSC)")
# Inner content that readers don't read as words: a comment, a chart's config, a QR code's text.
_NOT_PROSE = frozenset({"comment", "chart", "qr"})
# Text just before a tag that makes its output a link's destination: `[x](` or `[x]: `.
_DESTINATION_BEFORE = re.compile(r"(?:\]\(\s*<?|^\s{0,3}\[[^\]\n]+\]:[ \t]*)$", re.MULTILINE)


@dataclass
class _Call:
    """Everything one expansion needs: the page, the refs and where we are."""

    page: ShortcodePage
    target: RefTarget
    path: Path
    out: Expansion


class Shortcodes:
    """The registry of shortcodes, and expansion of a body through it."""

    def __init__(self, config: SiteConfig, theme: Theme, md: MarkdownIt, refs: RefIndex) -> None:
        self.config, self.md, self.refs = config, md, refs
        # `site` is a Site in every template; shortcodes run before any page is
        # rendered, so theirs has the config side only and no pages yet.
        self.site = Site(config, MappingProxyType({}))
        self._sources: dict[str, str] = {}
        self._icons: str | None = None  # digest of the site's own icons, read once a build
        # A Hugo site's layouts/shortcodes/ holds Go templates: its shortcodes count as
        # unknown (each is reported, with where it is used) rather than failing in Jinja.
        hugo = config.from_hugo
        folders = [] if hugo else [config.site_dir / "layouts" / "shortcodes"]
        for layouts in theme.layout_dirs if hugo else theme.layout_dirs[1:]:
            folders += [layouts / "shortcodes", layouts.parent / "shortcodes"]
        folders = [f for f in folders if f.is_dir()]
        for folder in folders:  # every template here is read below: no FIFO, no link out
            check_tree(config.site_dir, folder)
        self.folders = [*folders, BUILTIN_TEMPLATES, BLOWFISH_TEMPLATES]
        self.static_dirs = theme.static_dirs  # where image shortcodes look after the bundle
        # A site's (then a theme's) own assets/icons/NAME.svg, as Blowfish looks icons up.
        icon_dirs = [config.site_dir / "assets" / "icons"]
        icon_dirs += [layouts.parent / "assets" / "icons" for layouts in theme.layout_dirs]
        self.icon_dirs = tuple(dict.fromkeys(d for d in icon_dirs if d.is_dir()))
        for folder in self.icon_dirs:
            check_tree(config.site_dir, folder)
        self.env = jinja2.Environment(
            loader=TemplateLoader([str(f) for f in self.folders]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=False,
        )
        self.env.filters["markdownify"] = self.markdownify
        self.env.filters["safe_url"] = safe_url  # what becomes an href or src (see README)
        self.env.filters["css_color"] = css_color  # what goes into a style attribute
        self.env.filters["base64"] = base64_text
        # A site or theme template may replace a Python built-in (a custom `highlight`).
        overridden = {p.relative_to(f).as_posix()[:-5] for f in folders for p in f.rglob("*.html")}
        self.python = {n: h for n, (_, h) in _BUILTINS.items() if n not in overridden}
        self.paired: dict[str, Pairing] = {n: _BUILTINS[n][0] for n in self.python}
        for name in sorted(self.env.list_templates(extensions=["html"])):
            source, _, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            # As Hugo does with .Inner: a template that uses `inner` takes a closing tag.
            uses_inner: Pairing = re.search(r"\binner(_source)?\b", source) is not None
            if _OPTIONAL_MARK.search(source):
                uses_inner = OPTIONAL
            self.paired.setdefault(name[:-5], uses_inner)

    def markdownify(self, text: str) -> Markup:
        """Render Markdown inside a shortcode (lead, details), keeping placeholders intact."""
        text = str(text).strip()
        if "\n\n" not in text and not _BLOCK_START.match(text):
            # one paragraph (the usual lead): the inline parser gives the same HTML, cheaper
            return Markup(self.md.renderInline(text))
        html = self.md.render(text).strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]  # one paragraph: inline use, as Hugo's markdownify does
        return Markup(html)

    def expand(
        self, body: str, *, path: Path, first_line: int, page: ShortcodePage, target: RefTarget
    ) -> Expansion:
        """Expand every shortcode in a body; errors carry the tag's file position."""
        nodes = parse_shortcodes(body, paired=self.paired, path=path, first_line=first_line)
        out = Expansion("", source=body, first_line=first_line)
        if all(isinstance(n, Text) for n in nodes):
            # not `body`: a page whose only tags are escapes shows them unescaped
            out.text = "".join(n.text for n in nodes if isinstance(n, Text))
            return out
        out.text = self._nodes(nodes, _Call(page, target, path, out), None)
        return out

    def _nodes(self, nodes: tuple[Node, ...], call: _Call, parent: Parent | None) -> str:
        return "".join(n.text if isinstance(n, Text) else self._one(n, call, parent) for n in nodes)

    def _one(self, sc: Shortcode, call: _Call, parent: Parent | None) -> str:
        me = Parent(sc.name, sc.args, sc.kwargs, parent)
        inner = None if sc.inner is None else dedent_inner(self._nodes(sc.inner, call, me))
        if not sc.known:
            return self._unknown(sc, inner, call)
        if sc.name in self.config.privacy_disabled:
            return ""  # [privacy.<service>] disable = true: nothing, as in Hugo
        call.out.used.add(sc.name)
        if sc.inner_source and sc.name not in _NOT_PROSE:
            call.out.inner_text.append(sc.inner_source)
        if sc.name in self.python:
            output, is_text = self.python[sc.name](self, sc, inner, call)
        else:
            output, is_text = self._template(sc, inner, call, parent), False
        if sc.markdown:
            return output
        if is_text:
            # Hugo puts {{< >}} output in after Markdown, so the typographer and linkify
            # never see it (a param's URL stays text, its quotes straight). It must stay
            # Markdown only where it is a link's destination (`[x]({{< ref "p" >}})`).
            before = call.out.source[max(0, sc.start - 80) : sc.start]
            return output if _DESTINATION_BEFORE.search(before) else call.out.park(output)
        # A block shortcode keeps the lines it took (as blank lines, harmless between
        # blocks), so Markdown line numbers after it still match the file.
        source = call.out.source
        ends_line = sc.end >= len(source) or source[sc.end] == "\n"
        padding = "\n" * source.count("\n", sc.start, sc.end) if ends_line else ""
        return call.out.park(output) + padding

    def _unknown(self, sc: Shortcode, inner: str | None, call: _Call) -> str:
        """What is between the tags, as Markdown in place; an inline tag shows as a visible
        placeholder of itself, so no icon or argument vanishes unseen. The use is reported,
        and whether that fails the build is the pipeline's decision."""
        source = call.out.source
        call.out.problems.append(unknown_use(sc, source, call.path))
        # the tags' own line breaks stay, so Markdown line numbers after them still match
        tags_lines = source.count("\n", sc.start, sc.end) - (sc.inner_source or "").count("\n")
        if inner is not None:  # dedented already, in _one
            return inner + "\n" * tags_lines
        before = source[max(0, sc.start - 80) : sc.start]
        if _DESTINATION_BEFORE.search(before):
            return ""  # a link's destination: any text here would break the link around it
        tag = escape(" ".join(source[sc.start : sc.end].split()))
        title = escape(f"unknown shortcode '{sc.name}': no template renders it")
        if _on_own_line(source, sc.start, sc.end):
            html = f'<p class="shortcode-unknown" title="{title}"><code>{tag}</code></p>'
        else:
            html = f'<code class="shortcode-unknown" title="{title}">{tag}</code>'
        return call.out.park(html) + "\n" * tags_lines

    def _template(self, sc: Shortcode, inner: str | None, call: _Call, parent: Parent | None) -> str:
        args, params = sc.args, sc.kwargs

        def get(which: int | str, default: Any = "") -> Any:
            if isinstance(which, int):
                return args[which] if which < len(args) else default
            return params.get(which, default)

        def fail(message: str, hint: str | None = None) -> None:
            """`{{ fail("…") }}`: stop with an error located at the call, like Hugo's errorf."""
            raise SitegenError(message, call.path, sc.line, sc.col, hint)

        def warning(message: str, hint: str | None = None) -> str:
            """`{{ warn("…") }}`: a warning located at the call, like Hugo's warnf; prints nothing."""
            warn(message, call.path, sc.line, sc.col, hint)
            return ""

        def icon(name: str, label: str = "") -> Markup:
            """`{{ icon("github") }}`: inline SVG; an unknown name warns at the call, renders nothing."""
            try:
                return icon_svg(name, label, self.icon_dirs)
            except UnknownIcon as exc:
                warn(str(exc), call.path, sc.line, sc.col, exc.hint)
                return Markup("")

        context = {
            "inner": inner or "",
            "inner_source": sc.inner_source or "",
            "args": args,
            "params": params,
            "get": get,
            "page": call.page,
            "site": self.site,
            "parent": parent,
            "name": sc.name,
            "position": f"{call.path}:{sc.line}:{sc.col}",
            "fail": fail,
            "warn": warning,
            "icon": icon,
            "images": Images(call.page.resources, self.static_dirs),
        }
        try:
            return self.env.get_template(f"{sc.name}.html").render(context)
        except SitegenError as exc:
            if exc.problem.path is not None:
                raise  # fail(), or a template file that is not UTF-8: located already
            # from Markdown in an argument (markdownify): it knows no file; the tag is the place
            problem = exc.problem
            raise SitegenError(problem.message, call.path, sc.line, sc.col, problem.hint) from None
        except Exception as exc:  # any failure inside a template is reported at its line
            during = (
                f" (while rendering shortcode {sc.name!r} at {display_path(call.path)}:{sc.line}:{sc.col})"
            )
            call_at = (call.path, sc.line, sc.col)
            raise template_error(
                exc, self.folders, during, home="layouts/shortcodes/", call=call_at
            ) from None

    def ref(self, sc: Shortcode, call: _Call, *, absolute: bool) -> tuple[str, bool]:
        """Resolve a ref/relref; an unresolvable one follows refLinksErrorLevel."""
        ref = sc.kwargs.get("path") or (sc.args[0] if sc.args else "")
        lang = sc.kwargs.get("lang") or None
        # Hugo's outputFormat (or second positional argument); only HTML pages have refs here
        fmt = next(
            (v for k, v in sc.kwargs.items() if k.lower() == "outputformat"),
            sc.args[1] if len(sc.args) > 1 else "html",
        )
        if fmt.lower() != "html":
            raise SitegenError(
                f"{sc.name} to output format {fmt!r} is not supported",
                call.path,
                sc.line,
                sc.col,
                hint="refs link HTML pages; link a feed by its URL",
            )
        try:
            found = self.refs.resolve(ref, page=call.target, lang=lang)
        except RefError as exc:
            call.out.ref_calls.append((ref, lang, absolute, None))
            problem = exc.problem
            if exc.kind == UNPUBLISHED and BROKEN in problem.message:
                return "", True  # the target's own error is reported; don't repeat it here
            if self.config.ref_links_error_level == "WARNING":
                warn(problem.message, call.path, sc.line, sc.col, problem.hint)
            else:  # keep going, so one run reports every broken ref of the page
                call.out.problems.append(Problem(problem.message, call.path, sc.line, sc.col, problem.hint))
            return self.config.ref_links_not_found_url, True
        link = _link(found, absolute)
        call.out.ref_calls.append((ref, lang, absolute, link))
        if not sc.markdown:
            call.out.verbatim_links.add(link)
        if found.anchor:
            call.out.refs.append(RefUse(found.target.key, found.anchor, ref, sc.line, sc.col))
        return link, True

    def refs_unchanged(self, target: RefTarget, calls: list[RefCall]) -> bool:
        """Whether every recorded ref still prints what it printed (for the render cache)."""
        for ref, lang, absolute, link in calls:
            if lang == IMPORTED_FILE:  # a file codeimporter/mdimporter read: still the same bytes?
                if file_digest(Path(ref)) != link:
                    return False
                continue
            if lang == CARD:  # an article/list card: would it print the same now?
                if not cards_unchanged(self, target, ref, link):
                    return False
                continue
            if lang is not None and lang.startswith("<"):
                continue  # a Markdown link's, which link_targets re-checks
            try:
                now: str | None = _link(self.refs.resolve(ref, page=target, lang=lang), absolute)
            except RefError:
                now = None
            if now != link:
                return False
        return True

    def templates_version(self, names: frozenset[str]) -> str:
        """A digest of the templates behind the named shortcodes (built-ins are code), and
        of the site's own icons, which any of them may draw."""
        version = [(n, self._template_source(n)) for n in sorted(names)]
        if names and self.icon_dirs:
            version.append(("assets/icons", self._icons_version()))
        return digest(version)

    def _icons_version(self) -> str:
        if self._icons is None:
            files = sorted(p for folder in self.icon_dirs for p in folder.glob("*.svg"))
            self._icons = digest([(str(p), p.read_bytes().hex()) for p in files if p.is_file()])
        return self._icons

    def _template_source(self, name: str) -> str:
        if name in self.python:
            return ""
        if name not in self._sources:
            try:
                source, _, _ = self.env.loader.get_source(self.env, f"{name}.html")  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                source = ""
            self._sources[name] = source
        return self._sources[name]


def _on_own_line(source: str, start: int, end: int) -> bool:
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    return (
        not source[line_start:start].strip() and not source[end : None if line_end < 0 else line_end].strip()
    )


def _link(found: Resolved, absolute: bool) -> str:
    if found.same_page:
        return "#" + found.anchor  # Hugo's ref "#x" and relref "#x" alike
    link = (found.target.permalink if absolute else found.target.url) or ""
    return link + "#" + found.anchor if found.anchor else link


def _ref(reg: Shortcodes, sc: Shortcode, inner: str | None, call: _Call) -> tuple[str, bool]:
    return reg.ref(sc, call, absolute=True)


def _relref(reg: Shortcodes, sc: Shortcode, inner: str | None, call: _Call) -> tuple[str, bool]:
    return reg.ref(sc, call, absolute=False)


def _katex(reg: Shortcodes, sc: Shortcode, inner: str | None, call: _Call) -> tuple[str, bool]:
    tex = (sc.inner_source or "").strip()
    if not tex:
        return "", True  # Blowfish-style `{{< katex />}}` only switches math on; ours is always on
    inline = "inline" in sc.args or sc.kwargs.get("display", "true").lower() == "false"
    html = tex_to_mathml(
        tex, display=not inline, path=call.path, line=sc.line, col=sc.col, macros=reg.config.math_macros
    )
    return html, False


# name -> (takes inner content, handler returning (output, output_is_plain_text))
_BUILTINS: dict[str, tuple[Pairing, Callable[..., tuple[str, bool]]]] = {
    "ref": (False, _ref),
    "relref": (False, _relref),
    "highlight": (True, highlight_shortcode),
    "katex": (OPTIONAL, _katex),
    "param": (False, param_shortcode),
    **EMBEDS,
    **CHART,
    **CARDS,
}
