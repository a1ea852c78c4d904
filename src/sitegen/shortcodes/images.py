"""Images for shortcodes: a `src` as an author writes it -> the URL the page prints.

Blowfish's image shortcodes (figure, gallery, carousel, screenshot, embed-pdf)
look a file up as a page resource first (Hugo's `.Resources.GetMatch`, a glob
that ignores case), then in `static/`; a URL stays as written (Blowfish fetches
it at build time with `resources.GetRemote`; nothing leaves the machine here, so
it stays a plain remote `<img>`). Templates get an `Images` as `images`:

- `images.find(src)`: the URL, or "" when nothing matches;
- `images.resource(src)`: the URL of a bundle file, or "" (Hugo's own figure);
- `images.need(src, what)`: the URL, or a located error with a did-you-mean over
  the bundle's files (a missing local image is a mistake worth stopping for);
- `images.match(spec)`: Blowfish's carousel `images=`: `{a, b}` or one glob,
  each item a URL or a glob over the bundle, in name order.

The bundle is `page.resources` (lower-cased name -> URL), which the render cache
keys on; a file in `static/` is looked up on disk, so deleting one is noticed on
the next full (uncached) build only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..errors import SitegenError


def is_remote(src: str) -> bool:
    """Whether src names another host: `https://…`, `http://…` or `//host/…`."""
    return src.startswith("//") or urlsplit(src).scheme.lower() in ("http", "https")


@lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """Hugo's resource globs: `*` stays within a folder, `**` crosses folders, `{a,b}` either."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "{":
            out.append("(?:")
        elif ch == "}":
            out.append(")")
        elif ch == ",":
            out.append("|" if "{" in pattern[:i] else ",")
        elif ch == "[" and (end := pattern.find("]", i)) > i:
            out.append("[" + re.escape(pattern[i + 1 : end]).replace("\\-", "-") + "]")
            i = end + 1
            continue
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out), re.IGNORECASE)


class Images:
    """A page's images, as shortcode templates see them (`images.find`, `.need`, `.match`)."""

    def __init__(self, resources: Mapping[str, str], static_dirs: tuple[Path, ...]) -> None:
        self.resources, self.static_dirs = resources, static_dirs

    def find(self, src: str) -> str:
        """The URL for src: a URL as is, a bundle file, a file in static/; else ""."""
        src = str(src).strip()
        if not src or is_remote(src):
            return src
        path = unquote(urlsplit(src).path).removeprefix("./")
        hits = self._bundle(path)
        if hits:
            return hits[0][1]
        return self._static(path)

    def resource(self, src: str) -> str:
        """The URL of src as a bundle file only, else "" (Hugo's figure looks no further)."""
        src = str(src).strip()
        if not src or is_remote(src):
            return ""
        hits = self._bundle(unquote(urlsplit(src).path).removeprefix("./"))
        return hits[0][1] if hits else ""

    def need(self, src: str, what: str = "image") -> str:
        """The URL for src, or an error naming the bundle's closest files."""
        found = self.find(src)
        if found:
            return found
        raise SitegenError(
            f'{what} "{src}" is not in this page\'s bundle or in static/', hint=self._hint(src)
        )

    def match(self, spec: str, what: str = "images") -> list[str]:
        """Blowfish's carousel `images=`: `{a, b, c}` or one pattern -> URLs, none twice."""
        items = [i.strip() for i in str(spec).strip().removeprefix("{").removesuffix("}").split(",")]
        urls: list[str] = []
        for item in filter(None, items):
            if is_remote(item):
                urls.append(item)
                continue
            hits = [url for _, url in self._bundle(unquote(item).removeprefix("./"))]
            if not hits and (static := self._static(item)):
                hits = [static]
            if not hits:
                raise SitegenError(
                    f'{what} "{item}" matches no file of this page\'s bundle', hint=self._hint(item)
                )
            urls += hits
        return list(dict.fromkeys(urls))

    def _bundle(self, path: str) -> list[tuple[str, str]]:
        exact = self.resources.get(path.lower())
        if exact is not None:
            return [(path.lower(), exact)]
        pattern = _glob(path.lstrip("/"))
        return sorted((name, url) for name, url in self.resources.items() if pattern.fullmatch(name))

    def _static(self, path: str) -> str:
        rel = PurePosixPath(path.lstrip("/"))
        if not rel.parts or ".." in rel.parts:
            return ""  # never a file outside static/
        for folder in reversed(self.static_dirs):  # later folders win, as when copied
            if (folder / rel).is_file():
                return "/" + rel.as_posix()
        return ""

    def _hint(self, src: str) -> str:
        names = sorted(set(self.resources))
        if not names:
            return "put the file beside the page's index.md (a page bundle) or in static/"
        close = difflib.get_close_matches(src.lower().removeprefix("./"), names, n=1, cutoff=0.5)
        if close:
            return f'did you mean "{close[0]}"?'
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        return f"the bundle has: {shown}"
