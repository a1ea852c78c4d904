"""The progress line of a build on a terminal: "rendered 812/2000 pages", rewritten in place.

Only on a terminal (a log or a pipe gets nothing), only once the build has run
for a second (a quick build stays silent), at most ten times a second, and
cleared before any warning and at the end, so it never mixes with real output.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from .. import progress

_VERBS = {"posts": "Markdown", "pages": "rendered"}


class ProgressLine:
    def __init__(self, stream: TextIO, after: float = 1.0) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.after = after
        self.shown = False
        self.last = 0.0

    def __call__(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < self.after or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        self.stream.write(f"\r\x1b[K{_VERBS.get(what, what)} {done}/{total} {what}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


_current: ProgressLine | None = None


def start() -> None:
    """Show progress on stderr if it is a terminal. SITEGEN_PROGRESS_AFTER (seconds)
    changes the one-second wait: the tests set 0 to see the line on a small site."""
    global _current
    if not sys.stderr.isatty():
        return
    try:
        after = float(os.environ.get("SITEGEN_PROGRESS_AFTER", "1"))
    except ValueError:
        after = 1.0
    _current = ProgressLine(sys.stderr, after)
    progress.listen(_current)


def clear() -> None:
    """Clear the line (before a warning is printed, and at the end)."""
    if _current is not None:
        _current.clear()


def stop() -> None:
    global _current
    clear()
    progress.listen(None)
    _current = None
