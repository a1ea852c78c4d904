"""Progress of the long stages of a build, for a line on a terminal ("rendered 812/2000 pages").

The stages call `tell`; the CLI `listen`s only when stderr is a terminal, so
without a listener this costs one check per batch of pages.
"""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[str, int, int], None]  # (what, done, total)

_listener: Listener | None = None


def listen(listener: Listener | None) -> None:
    global _listener
    _listener = listener


def tell(what: str, done: int, total: int) -> None:
    if _listener is not None:
        _listener(what, done, total)
