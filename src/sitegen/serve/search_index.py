"""The search index under `sitegen serve`: a snapshot's pages -> the same snapshot with
Pagefind's `pagefind/` bundle in it (search.py makes it, as `sitegen build` does).

Indexing takes longer than rendering one page (a second or two for 2,000 posts),
so pages are served first and the index follows: the rebuild loop calls `refresh`
once a burst of saves is handled and no other save is waiting. Until then the
previous index stays in every new snapshot (`carry`), so search keeps working,
a little behind. Pagefind runs only when some page's bytes changed.
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import replace

from ..config import SiteConfig
from ..model import OutputFile
from ..search import SEARCH_DIR, index_files, search_enabled
from .server import Snapshot


class SearchIndex:
    """The last index made, and a digest of the pages it was made from."""

    def __init__(self) -> None:
        self.files: list[OutputFile] = []
        self.digest = ""

    def carry(self, snapshot: Snapshot) -> Snapshot:
        """A new snapshot with the index so far, until `refresh` makes the new one."""
        if not self.files:
            return snapshot
        return replace(snapshot, files={**snapshot.files, **{f.path: f.data for f in self.files}})

    def refresh(self, snapshot: Snapshot, config: SiteConfig | None) -> Snapshot | None:
        """The snapshot with a fresh index, or None when the one it has is current."""
        if config is None or not search_enabled(config):
            self.files, self.digest = [], ""
            return None
        pages = {p: d for p, d in snapshot.files.items() if p.endswith(".html")}
        digest = _digest(pages)
        if digest == self.digest:
            return None
        started = time.perf_counter()
        files = index_files(pages)  # raises SitegenError, which the caller shows over the pages
        self.files, self.digest = files, digest
        kept = {p: d for p, d in snapshot.files.items() if not p.startswith(SEARCH_DIR + "/")}
        fresh = {**kept, **{f.path: f.data for f in files}}
        print(f"search index made in {time.perf_counter() - started:.2f} s", file=sys.stderr)
        return replace(snapshot, number=snapshot.number + 1, files=fresh, hashes={})


def _digest(pages: dict[str, bytes]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(pages):
        h.update(path.encode() + b"\0" + hashlib.blake2b(pages[path], digest_size=16).digest())
    return h.hexdigest()
