"""Output stage: output files + files to copy -> the output folder, swapped in whole.

The new site is written into a hidden sibling folder and only then swapped
with the old one, so a failed or interrupted build leaves the previous
`public/` exactly as it was. Top-level dot-entries of the old folder that
the build does not produce (`public/.git` of a GitHub Pages checkout,
`.nojekyll`) are carried over: they are the user's, not ours.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .boundary import walk
from .config import SiteConfig
from .errors import SitegenError, display_path
from .model import PAGE, OutputFile
from .urls import language_path

if TYPE_CHECKING:  # only types: `sitegen build` with nothing to do loads no more than this
    from .cache.pages import OutputCache
    from .site import SitePlan
    from .sources import LooseFile
    from .templates import Theme

_NEW, _OLD = ".new-", ".old-"


@dataclass(frozen=True)
class CopyFile:
    """A file copied byte for byte into the output (static files, bundle resources)."""

    source: Path
    path: str  # relative to the output folder
    origin: str = "content"  # "theme" or "site" (static files), "content" (bundles, loose files)


def check_output_dir(config: SiteConfig, out_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy the user's own files."""
    out_dir = out_dir.resolve()
    site = config.site_dir.resolve()
    protected = [site / config.content_dir, site / "layouts", site / "static", site / "themes", site / "i18n"]
    if out_dir == site or out_dir in site.parents:
        raise SitegenError(
            f"output folder {out_dir} contains the site itself",
            hint="build into a folder of its own, such as public/",
        )
    for folder in protected:
        folder = folder.resolve()
        if out_dir == folder or folder in out_dir.parents or out_dir in folder.parents:
            raise SitegenError(
                f"output folder {display_path(out_dir)} overlaps {display_path(folder)}",
                hint="the output folder is replaced on every build; keep it apart from sources",
            )
    if out_dir.exists() and not out_dir.is_dir():
        raise SitegenError(f"output path {display_path(out_dir)} exists and is not a folder")
    if site not in out_dir.parents and not _looks_built(out_dir):
        # The folder is replaced whole: outside the site, only a folder that is empty
        # or holds a built site may be (publishDir = "/etc" once replaced /etc).
        raise SitegenError(
            f"output folder {out_dir} is outside the site and holds files that are not a built site",
            hint="empty it, or build into a new folder; sitegen replaces the output folder whole",
        )


def _looks_built(out_dir: Path) -> bool:
    """Whether a folder is absent, empty, or the output of a site build (sitegen's or Hugo's)."""
    try:
        names = {entry.name for entry in os.scandir(out_dir)}
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return not names or bool(names & {"index.html", "sitemap.xml", "404.html"})


def write_output(
    out_dir: Path,
    files: Iterable[OutputFile],
    copies: Iterable[CopyFile],
    kept: Iterable[str] = (),
    cache: OutputCache | None = None,
    index: Callable[[Path], int] | None = None,
) -> int:
    """Write the whole site beside out_dir, then swap it in; return the number of files.

    `kept` files, and rendered files whose bytes equal what the last build wrote
    there, are hard-linked from the current out_dir instead of written: their
    mtime stays, so deploy tools that compare times upload only what changed.
    `index` (the search index, search.py) reads the filled folder and adds its
    files before the swap, so when it fails the old out_dir stays as it was.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}{_NEW}", dir=out_dir.parent))
    try:
        # mkdtemp makes a private 0700 folder; a web server running as another user
        # must be able to read the site, so give it the mode a plain mkdir would get
        os.chmod(tmp, 0o777 & ~_umask())
        writer = _Writer(tmp, out_dir, cache)
        count = writer.fill(files, copies, kept)
        if index:
            count += index(tmp)
        if cache:
            cache.forget()  # the state describes the folder about to be replaced
        _swap_in(tmp, out_dir)
    except BaseException:  # also KeyboardInterrupt: never leave a half-built folder behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if cache:
        cache.save(writer.manifest)
    return count


class _Writer:
    """Fills the new folder; keeps a manifest (path -> sha, size, mtime) for the cache."""

    def __init__(self, root: Path, previous: Path, cache: OutputCache | None) -> None:
        self.root, self.previous, self.cache = root, previous, cache
        self.manifest: dict[str, tuple[str, int, int]] = {}
        self.folders: set[Path] = set()

    def fill(self, files: Iterable[OutputFile], copies: Iterable[CopyFile], kept: Iterable[str]) -> int:
        written = _fill(files, copies, self)
        for path in kept:
            assert self.cache is not None, "only the output cache keeps files"
            self.link(path, self.cache.old.files[path])
            written.add(path)
        return len(written)

    def write(self, rel: str, data: bytes) -> None:
        sha = hashlib.blake2b(data, digest_size=16).hexdigest()
        old = self.cache.old.files.get(rel) if self.cache else None
        if self.cache and old and old[0] == sha and self.cache.intact(rel):
            self.link(rel, old)  # same bytes: keep the file, and its mtime
            return
        target = self.target(rel)
        target.write_bytes(data)
        st = target.stat()
        self.manifest[rel] = (sha, st.st_size, st.st_mtime_ns)

    def link(self, rel: str, known: tuple[str, int, int]) -> None:
        target = self.target(rel)
        source = self.previous / rel
        try:
            os.link(source, target)
        except OSError:  # a file system without hard links: copy, keeping the mtime
            shutil.copy2(source, target)
        self.manifest[rel] = known

    def target(self, rel: str) -> Path:
        target = _target(self.root, rel)
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        return target


def _fill(files: Iterable[OutputFile], copies: Iterable[CopyFile], writer: _Writer) -> set[str]:
    """Copy, then write; owners.py gave every path one owner, so nothing is written twice."""
    written: set[str] = set()
    for copy in copies:
        _copy(copy, writer.target(copy.path))
        written.add(copy.path)
    for file in files:
        assert file.path not in written, f"{file.path} has two owners"  # owners.py lets none through
        writer.write(file.path, file.data)
        written.add(file.path)
    return written


def _copy(copy: CopyFile, target: Path) -> None:
    try:
        shutil.copyfile(copy.source, target)
    except OSError as exc:
        hint = None
        if copy.source.is_symlink():
            hint = (
                "it is a symbolic link that leads back to itself"
                if exc.errno == errno.ELOOP
                else "it is a broken symbolic link"
            )
        raise SitegenError(f"cannot copy this file: {exc.strerror or exc}", copy.source, hint=hint) from None


def _target(root: Path, rel: str) -> Path:
    # Checked on the path as written: the folder is new and holds no symlinks, and
    # resolving every path cost 0.2 s on a 2,000-page site.
    parts = rel.split("/")
    if rel.startswith("/") or ".." in parts:
        raise SitegenError(f"refusing to write {rel!r} outside the output folder")
    return root.joinpath(*parts)


def _swap_in(new: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.rename(new, out_dir)
        return
    if _exchange(new, out_dir):
        old = new  # after the exchange, `new` names the previous site
    else:
        old = out_dir.with_name(f".{out_dir.name}{_OLD}{os.getpid()}")
        os.rename(out_dir, old)
        try:
            os.rename(new, out_dir)
        except OSError:
            os.rename(old, out_dir)
            raise
    _carry_over(old, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _carry_over(old: Path, new: Path) -> None:
    for entry in old.iterdir():
        if entry.name.startswith(".") and not (new / entry.name).exists():
            os.rename(entry, new / entry.name)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders with renameat2(RENAME_EXCHANGE) where Linux offers it."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_leftovers(out_dir: Path) -> None:
    """Delete temp folders a killed build may have left (they carry our prefix)."""
    for entry in out_dir.parent.glob(f".{out_dir.name}.*-*"):
        name = entry.name[len(out_dir.name) + 1 :]
        if entry.is_dir() and (name.startswith(_NEW) or name.startswith(_OLD)):
            shutil.rmtree(entry, ignore_errors=True)


def static_copies(config: SiteConfig, theme: Theme) -> list[CopyFile]:
    """Theme static files, then the site's, which win on a name clash.

    boundary.walk decides what is copied: files inside the site (links that stay
    inside are followed), `.nojekyll`, `.htaccess` and `.well-known/` but no VCS
    or editor files."""
    site_static = (config.site_dir / "static").resolve()
    chosen: dict[str, CopyFile] = {}
    for folder in theme.static_dirs:
        origin = "site" if folder.resolve() == site_static else "theme"
        for here, _, files in walk(config.site_dir, folder):
            for name in files:
                rel = (here / name).relative_to(folder).as_posix()
                chosen[rel] = CopyFile(here / name, rel, origin)
    return [chosen[rel] for rel in sorted(chosen)]


def content_copies(plan: SitePlan, loose: tuple[LooseFile, ...]) -> list[CopyFile]:
    """Page-bundle resources next to their pages, and loose content files in place."""
    copies = [
        CopyFile(r.source, r.output_path)
        for key in sorted(plan.specs)
        if key.kind == PAGE
        for r in plan.resources(key)
    ]
    for item in loose:  # as they are: a file without an extension is no folder
        path = language_path(plan.config.language(item.lang), "/" + item.rel)
        copies.append(CopyFile(item.source, path.lstrip("/")))
    return copies
