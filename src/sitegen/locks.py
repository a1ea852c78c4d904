"""One build at a time: a lock per site and per output folder, for `sitegen build`.

Two builds of one site at once would delete each other's half-written folder,
swap output folders under each other and interleave their cache records. So a
build holds an exclusive `flock` on `build.lock` in the site's cache folder
from the start, and once it knows it has work to do and the output folder is
a sound one, on `.sitegen-<name>.lock` beside that folder
(`.sitegen-public.lock`): the second lock also works when the cache is
unusable, and covers two sites built into one folder. Always in that order,
so two builds never wait for each other in a circle. The kernel drops a flock when its holder exits,
however it exits, so a killed build leaves nothing to clean up; the lock files
stay, holding the last holder's pid for the message a waiting build prints.

`sitegen serve` writes no output folder and `sitegen check` writes nothing:
neither takes a lock, so neither waits for a build.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

Waiting = Callable[[str], None]  # told "waiting for … (pid N)…" once, before a wait
SITE_LOCK = "build.lock"


def output_lock(out_dir: Path) -> Path:
    """The lock file of an output folder: beside it, as the folder itself is swapped."""
    return out_dir.parent / f".sitegen-{out_dir.name}.lock"  # not ".public…": a staging folder's name


@contextmanager
def holding(path: Path, what: str, waiting: Waiting) -> Iterator[None]:
    """Hold the lock in path for the block, telling `waiting` first if another build has it.

    A lock file that can't be made (its folder can't be either) is no lock: the
    build goes on and meets that folder's own error where it writes.
    """
    fd = _open(path)
    if fd is None:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            waiting(f"waiting for another build {what} to finish{f' (pid {holder})' if holder else ''}…")
            fcntl.flock(fd, fcntl.LOCK_EX)  # Ctrl-C still interrupts this (PEP 475)
        _note_holder(fd)
        yield
    finally:
        os.close(fd)  # releases the lock


def _open(path: Path) -> int | None:
    # O_NOFOLLOW: whoever can write the folder must not get a file elsewhere
    # truncated through a symlink named like the lock.
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, flags, 0o644)
    except OSError:
        return None


def _holder(fd: int) -> int | None:
    """The pid the current holder wrote, if it has yet (it writes right after locking)."""
    try:
        found = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(found) if found.isdigit() else None


def _note_holder(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except OSError:  # a full disk: the lock holds all the same, the message has no pid
        pass
