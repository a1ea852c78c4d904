"""Discovery's one rule for what a build may read: the site's boundary.

Every reader of the user's folders (content and bundles in sources.py, static
files in output.py, layouts, i18n and shortcode folders in templates.py and
shortcodes/) lists them through `walk`, so the rule lives here only:

- a build reads only files inside the site folder and sitegen's bundled themes
  (`sitegen.BUNDLED_THEMES`); a symbolic link whose target is elsewhere is an
  error naming the link and its target, so `static/key -> ~/.ssh/id_rsa` is
  never published. Links that stay inside work, for files and folders;
- only regular files and folders are read: a FIFO, socket or device is an
  error found with `lstat`, before anything could open it (opening a FIFO
  waits forever);
- a broken link, a link loop, an unreadable file or folder and a name that is
  not valid UTF-8 are errors at that path, never silent skips;
- VCS and editor files are never published (`never_published`), but
  `.nojekyll`, `.htaccess` and `.well-known/` are.

Errors are collected while walking one folder and raised together
(`BuildFailed`) when the walk ends.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from . import BUNDLED_THEMES
from .errors import BuildFailed, Problem, SitegenError, display_path

# Dot-names a web host reads: GitHub Pages' .nojekyll, Apache's .htaccess, and
# RFC 8615's .well-known/ (security.txt, ACME challenges, app links).
PUBLISHED_DOT_NAMES = frozenset({".nojekyll", ".htaccess", ".well-known"})
# Editor and OS leftovers: Emacs autosaves (#post.md#) and locks (.#post.md), Vim
# swap files, backups (post.md~, .bak), .DS_Store. Every other dot-name is skipped
# too (.git/, .svn/, .hg/, .env, .vscode/), so a secret kept beside the site's files
# is not published by accident.
_LEFTOVER = re.compile(r"^#.*#$|~$|\.sw[a-px]$|\.tmp$|\.bak$|^Thumbs\.db$|^desktop\.ini$")

FILE, FOLDER = "file", "folder"
_Walk = Iterator[tuple[Path, list[str], list[str]]]


def never_published(name: str) -> bool:
    """Whether a build skips this file or folder name wherever it is (content, static, themes)."""
    if name in PUBLISHED_DOT_NAMES:
        return False
    return name.startswith(".") or _LEFTOVER.search(name) is not None


def site_roots(site_dir: Path) -> tuple[Path, ...]:
    """The folders a build may read from: the site's and the bundled themes'."""
    return (site_dir.resolve(), *(folder.resolve() for folder in BUNDLED_THEMES))


def inside(path: Path | str, roots: tuple[Path, ...]) -> bool:
    """Whether `path`, every link in it followed, ends inside one of `roots`."""
    real = Path(os.path.realpath(path))
    return any(real.is_relative_to(root) for root in roots)


def check_folder(site_dir: Path, folder: Path) -> None:
    """A folder a reader starts from (content/, static/, a theme's layouts/) must be
    inside the boundary; the error names the link that leads out, if one does."""
    roots = site_roots(site_dir)
    if inside(folder, roots):
        return
    for step in (*reversed(folder.parents), folder):
        # only links the site holds: one above it (/home -> /usr/home) is not its doing
        if step.is_relative_to(site_dir) and step.is_symlink() and not inside(step, roots):
            raise _outside(step)
    raise SitegenError(
        "folder is outside the site",
        os.path.abspath(folder),
        hint="sitegen reads only what is inside the site folder: move it in, or set contentDir"
        " to a folder inside",
    )


def walk(site_dir: Path, top: Path) -> _Walk:
    """Like `os.walk(top)`, sorted, yielding only readable files and folders inside the
    boundary and never the `never_published` ones; links inside it are followed.
    Remove names from the yielded folder list to skip them, as with `os.walk`."""
    check_folder(site_dir, top)
    walker = _Walker(site_roots(site_dir))
    yield from walker.walk(top, Path(os.path.realpath(top)), frozenset())
    if walker.problems:
        raise BuildFailed(walker.problems)


def check_tree(site_dir: Path, top: Path) -> None:
    """Walk a folder only to report what in it breaks the rule (layouts/, i18n/)."""
    for _ in walk(site_dir, top):
        pass


class _Walker:
    """One walk: the boundary's roots, and the problems found so far."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        self.roots = roots
        self.problems: list[Problem] = []

    def walk(self, folder: Path, real: Path, stack: frozenset[Path]) -> _Walk:
        kinds = self.scan(folder)
        dirs = [name for name, kind in kinds if kind == FOLDER]
        yield folder, dirs, [name for name, kind in kinds if kind == FILE]
        stack = stack | {real}
        for name in dirs:  # what the caller left in the list
            sub = folder / name
            sub_real = Path(os.path.realpath(sub)) if sub.is_symlink() else real / name
            if sub_real in stack or real.is_relative_to(sub_real):
                self.fail(
                    sub, f"symbolic link to {display_path(sub_real)}, a folder that holds it", _LOOP_HINT
                )
                continue
            yield from self.walk(sub, sub_real, stack)

    def scan(self, folder: Path) -> list[tuple[str, str | None]]:
        try:
            with os.scandir(folder) as entries:
                found = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            self.fail(folder, f"cannot read this folder: {_reason(exc)}", _PERMISSION_HINT)
            return []
        return [(entry.name, self.kind(entry)) for entry in found if not never_published(entry.name)]

    # Paths stay strings below: a Path per entry made the walk of 4,400 files 5 times
    # slower than os.walk.
    def kind(self, entry: os.DirEntry[str]) -> str | None:
        """FILE or FOLDER for an entry the build may read; None, with a problem, if not."""
        path = entry.path
        bad = _bad_utf8(entry.name)
        if bad is not None:
            self.fail(_printable(path), f"name is not valid UTF-8 (byte 0x{bad:02x})", _NAME_HINT)
            return None
        if entry.is_symlink():
            return self.link(path)
        if entry.is_dir(follow_symlinks=False):
            return self.readable(path, FOLDER)
        if entry.is_file(follow_symlinks=False):
            return self.readable(path, FILE)
        return self.special(path, entry.stat(follow_symlinks=False).st_mode)

    def link(self, path: str) -> str | None:
        # Where it points is checked first: a link out of the site is wrong whether or
        # not its target exists, and the error must not tell which files exist there.
        if not inside(path, self.roots):
            self.problems.append(_outside(Path(path)).problem)
            return None
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            self.fail(path, *_broken_link(Path(path), exc))
            return None
        if stat.S_ISDIR(mode):
            return self.readable(path, FOLDER)
        return self.readable(path, FILE) if stat.S_ISREG(mode) else self.special(path, mode)

    def readable(self, path: str, kind: str) -> str | None:
        # os.access, not an open(): it cannot block, and tests can stand in for a
        # permission root ignores.
        if os.access(path, os.R_OK | (os.X_OK if kind == FOLDER else 0)):
            return kind
        self.fail(path, f"cannot read this {kind}: permission denied", _PERMISSION_HINT)
        return None

    def special(self, path: str, mode: int) -> str | None:
        what = _SPECIAL.get(stat.S_IFMT(mode), "a device")
        self.fail(path, f"this is {what}, not a file: sitegen reads only files and folders", _SPECIAL_HINT)
        return None

    def fail(self, path: Path | str, message: str, hint: str) -> None:
        self.problems.append(Problem(message, Path(path), hint=hint))


_SPECIAL = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFSOCK: "a socket"}
_LOOP_HINT = "following it would never end; link to a folder outside this one, or remove the link"
_PERMISSION_HINT = "give yourself read permission (chmod u+r), or move it out of the site"
_SPECIAL_HINT = "remove it, or move it out of the site folder"
_NAME_HINT = "rename it in UTF-8: file names become URLs"


def _outside(link: Path) -> SitegenError:
    return SitegenError(
        f"symbolic link points outside the site, to {display_path(os.path.realpath(link))}",
        link,
        hint="sitegen reads only what is inside the site folder: copy it in instead of"
        " linking to it, or move it inside and link to it there",
    )


def _broken_link(path: Path, exc: OSError) -> tuple[str, str]:
    if exc.errno == errno.ELOOP:
        return "symbolic link leads back to itself", "point it at a real file, or remove it"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"broken symbolic link: {os.readlink(path)} does not exist", "fix or remove the link"
    return f"cannot follow this symbolic link: {_reason(exc)}", _PERMISSION_HINT


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _bad_utf8(name: str) -> int | None:
    """The first byte of a name that is not UTF-8 (Python keeps such bytes as surrogates)."""
    if name.isascii():
        return None
    raw = os.fsencode(name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return raw[exc.start]
    return None


def _printable(path: str) -> Path:
    """The path with undecodable bytes written as \\xff, for the error line."""
    return Path(os.fsencode(path).decode("utf-8", "backslashreplace"))
