"""Blowfish's `article`, `list` and `gallery`: shortcodes Jinja alone can't do.

`article link="/posts/x/"` and `list limit=3` print cards of *other* pages, yet
shortcodes expand before any page is rendered. So a card shows only what is
known from front matter, which the site plan carries on each `RefTarget`
(title, date, summary/description, scalar params): nothing from a body.

The render cache must notice when a card would print something else (the
target's title changed, a newer post now leads the list). Each call is
recorded as a `RefCall` whose lang is `<card>`, whose ref holds the call's
arguments and whose link is a digest of the HTML it printed; `cards_unchanged`
renders the call again from the current plan and compares (`refs_unchanged`
does that for every cached page). A page is thus re-rendered exactly when one
of its cards changed, on a warm build as on `serve`'s rebuild after a front
matter edit (serve's one-page fast path is for body edits, which no card shows).

`gallery` rewrites the `<img>` tags between its tags: each src is looked up as
an image (bundle, then static/), and only src/alt/class/width/height/title are
kept, so raw HTML stays off when the site turns it off.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from html import escape, unescape
from typing import Any

from ..cache.store import digest
from ..errors import SitegenError
from ..model import PAGE
from ..refs import RefTarget
from ..templates import format_date
from ..urls import REFUSED_URL_HINT, refused_scheme
from .hugo import MISSING, lookup
from .images import Images
from .parser import Pairing, Shortcode

CARD = "<card>"  # in a RefCall's lang place: never a language code
_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_KEPT = ("alt", "class", "width", "height", "title")
_TRUE = ("true", "1", "yes")
# Blowfish's `shortcode.recent_articles`, en and zh-CN
_RECENT = {"en": "Recent", "zh": "最近的文章"}


def _fail(sc: Shortcode, call: Any, message: str, hint: str | None = None) -> SitegenError:
    return SitegenError(message, call.path, sc.line, sc.col, hint)


def _regular(reg: Any, lang: str) -> list[RefTarget]:
    """The language's published regular pages, newest first (Hugo's default order,
    without weights, which front matter rarely sets on posts)."""
    pages = [t for t in reg.refs.targets if t.key.lang == lang and t.key.kind == PAGE and t.url]
    pages.sort(key=lambda t: t.key.path)
    pages.sort(key=lambda t: t.date.timestamp() if t.date else float("-inf"), reverse=True)
    return pages


def _card(reg: Any, target: RefTarget, lang: str) -> str:
    params = dict(target.params)
    show = params.get("Params.showSummary", "").lower() in _TRUE or _site_show_summary(reg)
    when = ""
    if target.date and _show_date(reg, params):
        shown = format_date(target.date, reg.config.language(lang))
        day = target.date.date().isoformat()
        when = f'<span class="article-card-meta"><time datetime="{day}">{escape(shown)}</time></span>'
    summary = (
        f'<span class="article-card-summary">{escape(target.description)}</span>'
        if show and target.description
        else ""
    )
    title = escape(target.title or target.key.path)
    href = escape(target.url or "")
    head = f'<a class="article-card" href="{href}"><span class="article-card-title">{title}</span>'
    return f"{head}{when}{summary}</a>"


def _show_date(reg: Any, params: dict[str, str]) -> bool:
    """Blowfish's rule: the page's showDate, else the site's [params.article] showDate, else shown."""
    own = params.get("Params.showDate")
    if own is not None:
        return own.lower() in _TRUE
    value = lookup(reg.config.params, "article.showDate")
    return value is MISSING or str(value).lower() in _TRUE


def _site_show_summary(reg: Any) -> bool:
    listed = next((v for k, v in reg.config.params.items() if k.lower() == "list"), None)
    if not isinstance(listed, dict):
        return False
    return any(k.lower() == "showsummary" and str(v).lower() in _TRUE for k, v in listed.items())


def render_article(reg: Any, page: RefTarget, link: str) -> str:
    """The `article` card for link, as `page` shows it; raises for a link to no page."""
    lang = page.key.lang
    pages = _regular(reg, lang)
    hit = next((t for t in pages if t.url == link), None)
    if hit is None:
        raise SitegenError(
            f'article link "{link}" is not the URL of any page', hint=_article_hint(reg, page, link, pages)
        )
    if hit.url == page.url:
        return '<div class="article-cards"></div>'  # Blowfish shows nothing for itself
    return f'<div class="article-cards">{_card(reg, hit, lang)}</div>'


def _article_hint(reg: Any, page: RefTarget, link: str, pages: list[RefTarget]) -> str:
    try:  # written as a ref path (`posts/x.md`)? say its URL
        found = reg.refs.resolve(link, page=page)
        if found.target.url:
            return f'link takes a page\'s URL: did you mean "{found.target.url}"?'
    except SitegenError:
        pass
    close = difflib.get_close_matches(link, [t.url or "" for t in pages], n=1, cutoff=0.5)
    if close:
        return f'did you mean "{close[0]}"?'
    return 'link takes a page\'s URL (its .RelPermalink), e.g. "/posts/my-post/"'


def render_list(reg: Any, page: RefTarget, args: dict[str, str]) -> str:
    """Blowfish's `list`: a title, then the first `limit` recent pages (the page itself
    left out, yet counted, as Blowfish does)."""
    lang = page.key.lang
    limit_text = args.get("limit", "1")
    if not limit_text.isdigit():
        raise SitegenError(
            f'list limit="{limit_text}" is not a whole number', hint="limit=3 shows three pages"
        )
    pages = _regular(reg, lang)
    where = args.get("where")
    if where:
        value = args.get("value", "")
        name = where if where in ("Type", "Section") or where.startswith("Params.") else f"Params.{where}"
        pages = [t for t in pages if _param(t, name) == value.lower()]
    shown = [t for t in pages[: int(limit_text)] if t.url != page.url]
    title = args.get("title") or _RECENT["zh" if lang.lower().startswith("zh") else "en"]
    grid = " article-cards-grid" if args.get("cardView", "").lower() in _TRUE else ""
    cards = "".join(_card(reg, t, lang) for t in shown)
    return f'<h2 class="list-title">{escape(title)}</h2>\n<div class="article-cards{grid}">{cards}</div>'


def _param(target: RefTarget, name: str) -> str:
    wanted = name.lower()
    return next((v.lower() for k, v in target.params if k.lower() == wanted), "")


def _record(call: Any, kind: str, payload: object, html: str) -> None:
    call.out.ref_calls.append((json.dumps([kind, payload], sort_keys=True), CARD, False, digest(html)))


def _article(reg: Any, sc: Shortcode, inner: str | None, call: Any) -> tuple[str, bool]:
    link = sc.kwargs.get("link") or (sc.args[0] if sc.args else "")
    if not link:
        raise _fail(
            sc,
            call,
            'article needs link="…"',
            'the URL of the page to show: {{< article link="/posts/x/" >}}',
        )
    try:
        html = render_article(reg, call.target, link)
    except SitegenError as exc:
        raise _fail(sc, call, exc.problem.message, exc.problem.hint) from None
    _record(call, "article", link, html)
    return html, False


def _list(reg: Any, sc: Shortcode, inner: str | None, call: Any) -> tuple[str, bool]:
    args = dict(sc.kwargs)
    try:
        html = render_list(reg, call.target, args)
    except SitegenError as exc:
        raise _fail(sc, call, exc.problem.message, exc.problem.hint) from None
    _record(call, "list", args, html)
    return html, False


def cards_unchanged(reg: Any, page: RefTarget, ref: str, printed: str | None) -> bool:
    """Whether a recorded article/list call would print the same cards now."""
    try:
        kind, payload = json.loads(ref)
        html = render_article(reg, page, payload) if kind == "article" else render_list(reg, page, payload)
    except (SitegenError, ValueError, TypeError):
        return False
    return digest(html) == printed


def _gallery(reg: Any, sc: Shortcode, inner: str | None, call: Any) -> tuple[str, bool]:
    images = Images(call.page.resources, reg.static_dirs)
    out = []
    for n, match in enumerate(_IMG.finditer(sc.inner_source or "")):
        attrs = {m[1].lower(): unescape(m[2] or m[3] or m[4] or "") for m in _ATTR.finditer(match[1])}
        src = attrs.get("src", "")
        if not src:
            raise _fail(
                sc, call, f"gallery image {n + 1} has no src", '<img src="gallery/01.jpg" class="grid-w33">'
            )
        try:
            url = images.need(src)
        except SitegenError as exc:
            raise _fail(sc, call, exc.problem.message, exc.problem.hint) from None
        if not reg.config.unsafe and refused_scheme(url):
            raise _fail(sc, call, f"gallery src={url!r} is refused while raw HTML is off", REFUSED_URL_HINT)
        kept = "".join(f' {k}="{escape(attrs[k])}"' for k in _KEPT if k in attrs and k != "alt")
        out.append(f'<img src="{escape(url)}" alt="{escape(attrs.get("alt", ""))}"{kept} loading="lazy">')
    return '<div class="gallery">\n' + "\n".join(out) + "\n</div>", False


HANDLERS: dict[str, tuple[Pairing, Callable[..., tuple[str, bool]]]] = {
    "article": (False, _article),
    "list": (False, _list),
    "gallery": (True, _gallery),
}
