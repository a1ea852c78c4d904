"""The output cache: a page whose template inputs did not change is not rendered again.

A page's HTML is a function of the templates and translations, the config, the
site's shape (every page's front matter, URL and place: the plan) and the
rendered content of the pages its templates read. The first three make the
page's key. The last is recorded while the page renders: the Jinja environment
notes every `X.content` it is asked for, which is the only way a template
reaches rendered content, and the entry keeps the version of each.

A hit also needs its files in the previous output, exactly as we wrote them
(same size and mtime). Their bytes are linked from there, not kept in the
cache, so the cache never holds a second copy of the site.

The state is sealed JSON (seal.py) in `output.json`; the paths in it are
checked to stay inside the output folder, as the writer only links from there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import SiteConfig
from ..model import PageKey
from .plain import Shape, array, number, page_key_from_plain, page_key_to_plain, table, text
from .seal import Damaged, read_sealed, write_sealed

if TYPE_CHECKING:  # types only: the writer imports this module on the no-change path too
    from ..site import SitePlan
    from ..templates import Theme
from .store import config_version, digest

NO_CONTENT = "-"  # the content version of a page without a source file (always empty)
STATE = "output.json"
_OLD_STATE = "output.pickle"  # what sitegen wrote before its cache was data: never read


@dataclass
class OutputState:
    """What the last build wrote into one output folder (`output.json`)."""

    out_dir: str
    files: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # path -> sha, size, mtime
    pages: dict[str, tuple[dict[PageKey, str], list[str]]] = field(default_factory=dict)


class OutputCache:
    """Which pages of this build can keep the files the last build wrote for them."""

    def __init__(
        self,
        root: Path,
        config: SiteConfig,
        theme: Theme,
        plan: SitePlan,
        versions: Mapping[PageKey, str],
        out_dir: Path,
        images: str = "",
    ) -> None:
        self.file = root / STATE
        self.out_dir, self.plan, self.versions = out_dir, plan, versions
        self.old = _load(self.file, out_dir)
        self.new = OutputState(str(out_dir))
        self.shape = digest(config_version(config), _theme_sources(theme), _plan_shape(plan), images)

    def reuse(self, key: PageKey) -> list[str] | None:
        """The output paths a page may keep from the last build, or None to render it."""
        page_key = self._page_key(key)
        entry = self.old.pages.get(page_key)
        if entry is None:
            return None
        reads, paths = entry
        if any(self.version(k) != v for k, v in reads.items()):
            return None
        if not all(self.intact(path) for path in paths):
            return None
        self.new.pages[page_key] = entry
        return paths

    def record(self, key: PageKey, reads: Iterable[PageKey], paths: list[str]) -> None:
        """Remember what a freshly rendered page read, unless some of it is uncacheable."""
        versions = {k: self.version(k) for k in sorted(reads)}
        if None not in versions.values():
            self.new.pages[self._page_key(key)] = (versions, paths)  # type: ignore[assignment]

    def _page_key(self, key: PageKey) -> str:
        return digest(self.shape, repr(key))  # a PageKey is three strings: repr is stable

    def version(self, key: PageKey) -> str | None:
        """The version of a page's content; None when it was not cached (it had warnings)."""
        spec = self.plan.specs.get(key)
        if spec is None:
            return None
        return NO_CONTENT if spec.doc is None else self.versions.get(key)

    def intact(self, path: str) -> bool:
        """Whether the previous output still holds this file as we wrote it."""
        known = self.old.files.get(path)
        if known is None:
            return False
        try:
            st = os.stat(self.out_dir / path)
        except OSError:
            return False
        return (st.st_size, st.st_mtime_ns) == known[1:]

    def save(self, files: dict[str, tuple[str, int, int]]) -> None:
        """Store the state of the output just written."""
        self.new.files = files
        with suppress(OSError, ValueError):  # only speed is lost; this runs after the swap
            write_sealed(self.file, state_to_plain(self.new), STATE)

    def forget(self) -> None:
        """Drop the state before the output changes, so a crash can't leave it stale."""
        for name in (STATE, _OLD_STATE):
            # a state kept names files by size and mtime: those this build rewrites stop matching
            with suppress(OSError):
                (self.file.parent / name).unlink(missing_ok=True)


def _load(file: Path, out_dir: Path) -> OutputState:
    try:
        state = state_from_plain(read_sealed(file, STATE))
    except (OSError, Damaged, Shape):  # a missing or damaged state is a cold start
        return OutputState(str(out_dir))
    return state if state.out_dir == str(out_dir) else OutputState(str(out_dir))


_STATE = frozenset({"out_dir", "files", "pages"})


def state_to_plain(state: OutputState) -> dict[str, object]:
    """The state as JSON-ready data: a page's reads as [lang, kind, path, version] rows."""
    pages = {
        key: [[[*page_key_to_plain(k), v] for k, v in reads.items()], paths]
        for key, (reads, paths) in state.pages.items()
    }
    files = {path: list(known) for path, known in state.files.items()}
    return {"out_dir": state.out_dir, "files": files, "pages": pages}


def state_from_plain(value: object) -> OutputState:
    """The state state_to_plain wrote; `Shape` for anything else, or a path leaving the folder."""
    d = table(value, _STATE)
    files = {_inside(path): _known(known) for path, known in table(d["files"]).items()}
    pages = {text(key): _page(entry) for key, entry in table(d["pages"]).items()}
    return OutputState(text(d["out_dir"]), files, pages)


def _known(value: object) -> tuple[str, int, int]:
    sha, size, mtime = array(value, 3)
    return text(sha), number(size), number(mtime)


def _page(value: object) -> tuple[dict[PageKey, str], list[str]]:
    reads, paths = array(value, 2)
    versions = {}
    for row in array(reads):
        lang, kind, path, version = array(row, 4)
        versions[page_key_from_plain([lang, kind, path])] = text(version)
    return versions, [_inside(p) for p in array(paths)]


def _inside(value: object) -> str:
    """A path relative to the output folder that stays inside it, as the writer makes them."""
    path = text(value)
    if path.startswith("/") or "\0" in path or any(part in ("", ".", "..") for part in path.split("/")):
        raise Shape(f"{path!r} is not a path inside the output folder")
    return path


def _theme_sources(theme: Theme) -> list[tuple[str, bytes]]:
    """Every layout and translation file: any of them may change any page."""
    found = []
    for folder in (*theme.layout_dirs, *theme.i18n_dirs):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found.append((str(path), path.read_bytes()))
    return found


def _plan_shape(plan: SitePlan) -> list[object]:
    """What decides every page's URL, title, terms, series and translations.

    The plan is made from the documents' sources and front matter and the
    config; which documents were left out (drafts, future posts) completes it.
    `repr` is safe here: front matter holds no sets.
    """
    docs = [(repr(s.doc.source), repr(s.doc.front_matter)) for s in plan.specs.values() if s.doc is not None]
    return [docs, repr(list(plan.specs)), repr(sorted(plan.excluded)), repr(plan.future_keys())]
