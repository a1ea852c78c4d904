"""Title case as Hugo 0.168 gives list pages their default titles.

With `capitalizeListTitles` (on by default), a term page with no title of its own
is titled with the term in title case: a tag `machine learning` is "Machine
Learning", as on the Hugo site. `titleCaseStyle` picks the rules; Hugo's default,
AP style, is that of jdkato/prose's TitleConverter, whose behaviour this follows
(checked against the real `hugo` on small words, hyphens and colons):

- each word (a letter or digit, then anything up to a space, `-` or `/`) gets
  its first letter in upper case, the rest as written (`LLM`, `iOS`-like words keep theirs);
- a small word (`a`, `of`, `the`, …) stays lower case, unless it is the first or
  last word, follows `: ` or ` - `, or starts a hyphenated word (`Of-the`).
"""

from __future__ import annotations

import re

# prose's list for AP style: articles, short conjunctions and prepositions
SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "en",
        "for",
        "if",
        "in",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "v",
        "v.",
        "vs",
        "vs.",
        "via",
    ]
)
_WORD = re.compile(r"[^\W_][^\s\-/]*")
STYLES = ("ap", "firstupper", "none")  # Hugo also has "chicago" and "go", which sitegen lacks


def title_case(text: str, style: str = "ap") -> str:
    """Return text as Hugo titles a list page in this `titleCaseStyle`."""
    if style == "none":
        return text
    if style == "firstupper":
        return text[:1].upper() + text[1:]
    return _WORD.sub(lambda m: _ap_word(text, m), text)


def _ap_word(text: str, m: re.Match[str]) -> str:
    word, start, end = m.group(), m.start(), m.end()
    bounding = start == 0 or end == len(text)
    prev = text[start - 1] if start >= 1 else ""
    before = text[start - 2] if start >= 2 else ""
    after = text[end] if end < len(text) else ""
    small = not bounding and word.lower() in SMALL_WORDS
    if small and prev in (" ", "-", "/") and before not in (":", "-") and (after != "-" or prev == "-"):
        return word.lower()
    return _upper_first(word)


def _upper_first(word: str) -> str:
    first = word[0].upper()
    return (first if len(first) == 1 else word[0]) + word[1:]  # 'ß' has no one-letter capital
