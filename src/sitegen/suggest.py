"""Did-you-mean: the closest of many known names (page paths, anchors, terms) to one
that names nothing.

Renaming a folder breaks every ref into it at once: thousands of broken refs,
each asking for the closest of thousands of paths. difflib compares in Python
(two minutes for the standard corpus); rapidfuzz's `ratio` is the same measure
(twice the matching characters over both lengths), compared in C. The names are
sorted once per `Closest`, and each distinct word is looked up once.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

CUTOFF = 0.6  # difflib's default: below it a guess misleads more than it helps


class Closest:
    """Known names, sorted once; `closest(word)` is the most similar one, or None."""

    def __init__(self, names: Iterable[str], cutoff: float = CUTOFF) -> None:
        self._names = sorted(set(names))  # sorted: ties go the same way every build
        self._cutoff = cutoff * 100  # rapidfuzz scores 0-100
        self._seen: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word not in self._seen:
            found = process.extractOne(word, self._names, scorer=fuzz.ratio, score_cutoff=self._cutoff)
            self._seen[word] = found[0] if found else None
        return self._seen[word]
