"""Rewrite stage: a rendered page's HTML -> its `<img>` tags sized, lazy and with srcset.

Done on the finished page rather than in Markdown or in each shortcode, so
every way an image reaches a page (Markdown, `figure`, Blowfish's shortcodes,
raw HTML, the theme's own cards) is treated alike. A `src` is resolved as the
browser would (relative to the page, or site-absolute under baseURL) and looked
up in the `ImageTable`; remote and unknown images get only the loading hints.

- `width`/`height`: the browser reserves the space before the file arrives (no
  layout shift); kept as written when the author gave either.
- `loading="lazy"` and `decoding="async"` on every image but the page's first,
  which is most likely in view at once (lazy would delay it).
- an image with variants becomes `<picture>`: WebP in a `<source>`, its own
  format in the `<img>`'s `srcset`, both with `sizes`; one already in a
  `<picture>` or with its own `srcset` is left to its author.
"""

from __future__ import annotations

import re
from html import escape, unescape
from posixpath import dirname, normpath
from urllib.parse import quote, unquote, urlsplit

from ..model import OutputFile
from .table import ImageTable, Picture

# The content column is at most 70ch of body text (main.css --measure): about 42rem.
SIZES = "(max-width: 44rem) 100vw, 42rem"
_TOKEN = re.compile(r"<picture\b[^>]*>|</picture\s*>|<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


class Rewriter:
    """Rewrites the pages of one site against its image table."""

    def __init__(self, table: ImageTable, base_url: str, base_path: str) -> None:
        self.table, self.base_url, self.base_path = table, base_url.rstrip("/") + "/", base_path

    def files(self, files: list[OutputFile]) -> list[OutputFile]:
        """Every HTML file with an `<img>` rewritten; the others as they are."""
        return [self.file(f) for f in files]

    def file(self, file: OutputFile) -> OutputFile:
        """One output file, rewritten when it is a page showing images."""
        if not file.path.endswith(".html") or b"<img" not in file.data:
            return file
        html = self.page(file.data.decode("utf-8"), file.path)
        return OutputFile(file.path, html.encode("utf-8"))

    def page(self, html: str, path: str) -> str:
        """The page at output path `path` with its images rewritten."""
        state = {"depth": 0, "seen": 0}

        def one(match: re.Match[str]) -> str:
            token = match.group(0)
            low = token[:9].lower()
            if low.startswith("<picture"):
                state["depth"] += 1
                return token
            if low.startswith("</picture"):
                state["depth"] = max(0, state["depth"] - 1)
                return token
            state["seen"] += 1
            return self.image(token, path, first=state["seen"] == 1, in_picture=state["depth"] > 0)

        return _TOKEN.sub(one, html)

    def image(self, tag: str, page_path: str, *, first: bool, in_picture: bool) -> str:
        """One `<img>` tag, sized and hinted, perhaps wrapped in a `<picture>`."""
        attrs = _attributes(tag)
        names = {name.lower() for name, _ in attrs}
        src = next((unescape(v) for n, v in attrs if n.lower() == "src" and v is not None), "")
        picture = self.table.get(self.resolve(src, page_path)) if src else None
        extra: list[tuple[str, str]] = []
        if picture and not names & {"width", "height"}:
            extra += [("width", str(picture.width)), ("height", str(picture.height))]
        if not first:
            extra += [(n, v) for n, v in (("loading", "lazy"), ("decoding", "async")) if n not in names]
        offer = picture is not None and picture.variants and "srcset" not in names and not in_picture
        if offer:
            assert picture is not None
            extra += [("srcset", srcset(src, picture, picture.format)), ("sizes", SIZES)]
        if not extra:
            return tag
        closing = "/>" if tag.rstrip().endswith("/>") else ">"
        body = tag[: -len(closing)].rstrip()
        added = "".join(f' {n}="{escape(v, quote=True)}"' for n, v in extra)
        img = f"{body}{added}{closing}"
        if not offer or picture is None or picture.format == "WEBP":
            return img  # a WebP original needs no WebP <source>: its srcset is already WebP
        webp = escape(srcset(src, picture, "WEBP"), quote=True)
        return f'<picture><source type="image/webp" srcset="{webp}" sizes="{SIZES}">{img}</picture>'

    def resolve(self, src: str, page_path: str) -> str:
        """The output path a `src` on the page at `page_path` points at; "" if none of ours."""
        if src.startswith(self.base_url):
            src = "/" + src[len(self.base_url) :]
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return ""
        path = unquote(parts.path)
        if path.startswith("/"):
            if self.base_path and not (path == self.base_path or path.startswith(self.base_path + "/")):
                return ""
            path = path[len(self.base_path) :]
        else:
            path = "/" + dirname(page_path) + "/" + path
        resolved = normpath(path).lstrip("/")
        return "" if resolved.startswith("..") else resolved


def srcset(src: str, picture: Picture, kind: str) -> str:
    """The `srcset` of one format: each variant of that kind, beside the `src` as written.

    The original's own format ends with the original itself at its full width."""
    base = src.split("?")[0].split("#")[0]
    folder = base[: base.rfind("/") + 1]
    entries = [
        f"{folder}{quote(v.path.rsplit('/', 1)[-1])} {v.width}w" for v in picture.variants if v.format == kind
    ]
    if kind == picture.format:
        entries.append(f"{base} {picture.width}w")
    return ", ".join(entries)


def _attributes(tag: str) -> list[tuple[str, str | None]]:
    """The attributes of a start tag, in order, values without their quotes."""
    inner = tag[4:].rstrip(">").rstrip("/")
    found = []
    for name, value in _ATTR.findall(inner):
        found.append((name, value[1:-1] if value[:1] in "\"'" and value else (value or None)))
    return found
