"""URL rules: slugs, permalink patterns, language prefixes and output paths.

This is the only place that knows how a page's URL is made. `url` is
site-relative and percent-encoded (what goes into an href); `permalink` is
absolute; an output path is the unencoded file path under the output folder,
so `/zh/tags/%E6%8E%A8%E7%90%86/` is written to `zh/tags/推理/index.html`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urljoin

from .errors import SitegenError

if TYPE_CHECKING:
    from .config.site_config import Language, SiteConfig

_URL_SAFE = "/-._~+!$&'()*,;=:@"
FEED_NAME = "index.xml"  # a list page's feed, beside its index.html, as in Hugo
SITEMAP_NAME = "sitemap.xml"
ROBOTS_NAME = "robots.txt"
SYNTAX_CSS = "css/syntax.css"  # Pygments' colours for code, unless a theme or site brings its own
ROOT_404 = "404.html"  # the one 404 page static hosts look for
PERMALINK_TOKEN = re.compile(r":([a-z]+)")
PERMALINK_TOKENS = frozenset(
    {
        "section",
        "slug",
        "filename",
        "contentbasename",
        "slugorfilename",
        "slugorcontentbasename",
        "title",
        "year",
        "month",
        "day",
    }
)


@lru_cache(maxsize=8192)  # the same few hundred terms come up on every page
def urlize(text: str, keep_case: bool = False) -> str:
    """Make a term or title into a URL segment the way Hugo 0.168 does (`paths.Sanitize`,
    then lowercase, unless `disablePathToLower`: keep_case): each space becomes `-`,
    and nothing is collapsed, so `Q & A` is `q--a` as on a Hugo site; letters, digits
    and marks of every script are kept (CJK stays CJK), and so are `. _ - + ~ # @`;
    other punctuation is dropped.

    Unlike Hugo, `/` and `\\` are dropped too, so a term stays one folder (Hugo puts a tag
    `../x` at /x/), and a result of dots only is "": as a path segment "." is the
    taxonomy folder itself (a tag "." overwrote /tags/) and ".." its parent.
    """
    out = []
    text = text.strip() if keep_case else text.strip().lower()
    for ch in unicodedata.normalize("NFC", text):
        if ch.isspace():
            out.append("-")
        elif unicodedata.category(ch)[0] in "LM" or unicodedata.category(ch) == "Nd" or ch in _KEPT:
            out.append(ch)
    slug = "".join(out)
    return slug if slug.strip(".") else ""


_KEPT = frozenset("._-+~#@")  # Hugo's isAllowedPathCharacter, less the path separators


NAME_MAX = 255  # bytes in one file or folder name (ext4, APFS, NTFS alike)


def too_long_name(url: str) -> str | None:
    """The first segment of a URL too long to be a file or folder name in the output
    (the OS refuses it: 'File name too long'), else None."""
    return next((part for part in unquote(url).split("/") if len(part.encode("utf-8")) > NAME_MAX), None)


def quote_path(path: str) -> str:
    """Percent-encode a site path for use in HTML, sitemaps and feeds."""
    return quote(path, safe=_URL_SAFE)


def page_path(
    config: SiteConfig,
    *,
    section: str,
    dir_parts: list[str],
    name: str,
    slug: str | None,
    title: str,
    date: datetime | None,
    keep_case: bool = False,
) -> str:
    """Return a post's path inside its language (unencoded, with slashes at both ends).

    Lowercased, as Hugo does, unless `disablePathToLower` (keep_case)."""
    pattern = config.permalinks.get(section)
    if pattern:
        return _expand_pattern(pattern, section, name, slug, title, date, keep_case)
    # a slug with slashes ("/", "a/") must not make a second spelling of a folder's URL
    path = "/".join([*dir_parts, slug or name])
    return re.sub(r"/{2,}", "/", "/" + (path if keep_case else path.lower()) + "/")


def section_path(section: str, keep_case: bool = False) -> str:
    """A section's list page: `/posts/` for content/Posts/, as Hugo lowercases it."""
    return f"/{section if keep_case else section.lower()}/"


def _expand_pattern(
    pattern: str,
    section: str,
    name: str,
    slug: str | None,
    title: str,
    date: datetime | None,
    keep_case: bool,
) -> str:
    values = {
        # Hugo 0.168 lowercases :section even with disablePathToLower, and nothing else then
        "section": section.lower(),
        "slug": slug or urlize(title, keep_case) or name,
        "filename": name,
        "contentbasename": name,
        "slugorfilename": slug or name,
        "slugorcontentbasename": slug or name,
        "title": urlize(title, keep_case) or name,
        "year": f"{date:%Y}" if date else "",
        "month": f"{date:%m}" if date else "",
        "day": f"{date:%d}" if date else "",
    }

    # config.py has already rejected unknown tokens, with their line
    path = PERMALINK_TOKEN.sub(lambda m: values[m.group(1)], pattern)
    path = re.sub(r"/{2,}", "/", "/" + path.strip("/") + "/")
    return path if keep_case else path.lower()


def site_url(config: SiteConfig, lang: Language, path: str, *, prefixed: bool = True) -> str:
    """Return the site-relative, encoded URL for a path inside a language
    (`prefixed=False`: the path is already the whole address, as a `url` is)."""
    if path.startswith("//") or "://" in path:
        raise SitegenError(f"url {path!r} must be a path on this site, not another host")
    return quote_path(config.base_path + (language_path(lang, path) if prefixed else path))


def menu_url(config: SiteConfig, url: str) -> str:
    """A configured menu `url` as Hugo 0.168 prints it: one starting with `/` is a path
    on this site, lowercased with spaces as `-` and under baseURL's path (`/About Me/`
    -> `/blog/about-me/`); anything else (`https://…`, `about/`, `#top`) stays as written.

    Deliberately unlike Hugo: a `?query` and `#fragment` are kept as written (Hugo drops
    `?` and `=` and lowercases the fragment), and `//host/x` stays protocol-relative
    (Hugo makes it `/host/x`)."""
    if not url.startswith("/") or url.startswith("//"):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path = re.sub(r"\s+", "-", url[:cut].lower())
    return quote_path(config.base_path + path) + url[cut:]


def language_path(lang: Language, path: str) -> str:
    """A path inside a language's part of the site: `/zh` + path, or path as it is."""
    return f"/{lang.prefix}{path}" if lang.prefix else path


def language_root_alias(config: SiteConfig, lang: Language) -> str:
    """`/zh-cn/`, which Hugo redirects to `/` for a default language kept at the root."""
    return quote_path(f"{config.base_path}/{lang.code}/")


def feed_url(page_url: str) -> str:
    """The site-relative URL of a list page's feed: `/tags/llm/index.xml`."""
    return page_url.rstrip("/") + "/" + FEED_NAME


def pager_url(list_url: str, path: str, number: int, *, alias: bool = False) -> str:
    """The site-relative URL of pager `number` of a list page, as Hugo makes it: the
    list's own URL for the first, else `<list>/page/<number>/` (`path` is "page").
    `alias`: the first pager's other URL, `<list>/page/1/`, which redirects to the list."""
    if number == 1 and not alias:
        return list_url
    folder = list_url if list_url.endswith("/") else list_url.rsplit("/", 1)[0] + "/"
    return folder + quote_path(f"{path}/" if path else "") + f"{number}/"


def sitemap_url(config: SiteConfig) -> str:
    """The site-relative URL of the sitemap."""
    return quote_path(config.base_path + "/" + SITEMAP_NAME)


def clean_path(path: str) -> str:
    """Normalise a front-matter `url` or alias to `/path/` (files like `/feed.xml` keep no slash)."""
    path = "/" + path.strip().lstrip("/")
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path


# What a browser's URL parser ignores: tabs and newlines anywhere, controls and spaces at the ends.
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")
_URL_ENDS = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


def refused_scheme(url: str) -> str | None:
    """The scheme (`javascript:`) for which a URL an author wrote may not become an href
    or src while raw HTML is off; None when it may.

    The check is markdown-it's own for Markdown links (`validateLink`: no javascript:,
    vbscript: or file:, no data: but gif, png, jpeg and webp images), made on the URL
    as a browser reads it, so `java<TAB>script:` is refused too.
    """
    from markdown_it.common.normalize_url import validateLink  # loaded only when building

    seen = _IGNORED_IN_URLS.sub("", url).strip(_URL_ENDS)
    if validateLink(seen):
        return None
    scheme = _SCHEME.match(seen.lower())
    return scheme.group() if scheme else "unsafe"


REFUSED_URL_HINT = (
    "with raw HTML off (markup unsafe = false), URLs from authors follow Markdown's rule:"
    " no javascript:, vbscript: or file:, and data: only for gif, png, jpeg or webp images"
)


def quoted_url(url: str) -> str:
    """A URL in double quotes for a message, escapes shown (a tab as \\t), a long one cut."""
    return json.dumps(url if len(url) <= 60 else url[:59] + "…", ensure_ascii=False)


_LINK_ATTR = re.compile(r"""(\s(?:src|href|poster)=)(["'])([^"']*)\2""")
_NOT_RELATIVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\?)")


def rebase_links(html: str, page_url: str) -> str:
    """Make relative `src`/`href` values in html site-relative, resolved against page_url.

    Summaries are shown on other pages (home, lists) and later in feeds, where
    `pixel.png` from a page bundle would point at the wrong folder.
    """

    def fix(m: re.Match[str]) -> str:
        value = m.group(3)
        if not value or _NOT_RELATIVE.match(value):
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{urljoin(page_url, value)}{m.group(2)}"

    return _LINK_ATTR.sub(fix, html)


def permalink(config: SiteConfig, url: str) -> str:
    """Turn a site-relative URL into an absolute one using baseURL's scheme and host."""
    host = re.match(r"^[a-z][a-z0-9+.-]*://[^/]*", config.base_url)
    return (host.group(0) if host else "") + url


def output_path(config: SiteConfig, url: str) -> str:
    """Return the file under the output folder that serves a site-relative URL."""
    path = without_base(config.base_path, unquote(url)).lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    last = path.rsplit("/", 1)[-1]
    return path if "." in last else path + "/index.html"


def without_base(base_path: str, path: str) -> str:
    """An unquoted URL path with baseURL's path part (`/blog`) taken off, if it has it."""
    return path[len(base_path) :] if base_path and path.startswith(base_path + "/") else path


def find_output(rel: str, exists: Callable[[str], bool]) -> tuple[str | None, bool]:
    """The output file that serves `rel` (a path under the output folder), found as a
    static host finds it: `a/` is `a/index.html`; `a` is the file `a`, else the folder
    `a/`, and then True says the address lacks its slash. (None, False): nothing."""
    if rel == "" or rel.endswith("/"):
        index = rel + "index.html"
        return (index, False) if exists(index) else (None, False)
    if exists(rel):
        return rel, False
    if exists(rel + "/index.html"):
        return rel + "/index.html", True
    return None, False
