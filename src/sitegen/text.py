"""Plain-text helpers: CJK-aware word counts, reading time and heading slugs.

These work on plain text only (no Markup); the Markdown stage feeds them the
text it extracted from the token stream.
"""

from __future__ import annotations

import math
import re
import unicodedata

# Ideographic and syllabic scripts are written without spaces, so each
# character counts as one word. Punctuation in these blocks (、。「」・ and the
# like) is left out on purpose: it is not a word.
_CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3005\u3007"  # 々 (iteration mark) and 〇 (ideographic zero) are letters
    "\u3041-\u3096\u309d-\u309f"  # Hiragana
    "\u30a1-\u30fa\u30fc-\u30ff"  # Katakana, without the ・ middle dot
    "\u3131-\u318e"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # Han extension A
    "\u4e00-\u9fff"  # Han
    "\uac00-\ud7a3"  # Hangul syllables
    "\uf900-\ufaff"  # Han compatibility
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0002ebef\U00030000-\U000323af"  # Han extensions B-H
)
_CJK_RE = re.compile(f"[{_CJK_RANGES}]")


def _mark_class() -> str:
    """Return a regex class body of the BMP's combining marks.

    Python's `\\w` does not match combining marks, so without them "é" written
    decomposed, or Devanagari vowel signs, would split a word in two.
    """
    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp))[0] == "M":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


# `_` is a \w character but not part of a word; count_words blanks it out first,
# because one character class is much faster than `(?:[^\W_]|[marks])`.
_W = rf"[\w{_mark_class()}]"
# A word is a run of letters, digits and marks. An apostrophe between letters
# ("don't") and "." or "," between digits ("3.14", "1,000") do not split it;
# every other punctuation mark does.
_WORD_RE = re.compile(rf"{_W}+(?:['\u2019]{_W}+|(?<=\d)[.,]\d+)*")


def count_words(text: str) -> tuple[int, int]:
    """Return (latin_words, cjk_chars) for plain text."""
    rest, cjk = _CJK_RE.subn(" ", text)
    return len(_WORD_RE.findall(rest.replace("_", " "))), cjk


def word_count(text: str) -> int:
    """Return the number of words, counting each CJK character as one."""
    latin, cjk = count_words(text)
    return latin + cjk


def reading_time(text: str) -> int:
    """Return reading time in whole minutes: 0 for no words, else at least 1.

    Readers take in about 500 CJK characters or 212 English words a minute.
    """
    return minutes(*count_words(text))


def minutes(latin: int, cjk: int) -> int:
    """Reading time for counts already made by count_words."""
    if not latin and not cjk:
        return 0
    return max(1, math.ceil(cjk / 500 + latin / 212))


def heading_slug(text: str) -> str:
    """Return a GitHub-style heading id: "What's new in v2.0?" -> "whats-new-in-v20".

    Lowercase, keep every Unicode letter, digit and mark (so CJK headings keep
    their text), keep "-" and "_", turn each whitespace character into "-" and
    drop everything else. Like GitHub, runs of dashes are not collapsed.
    """
    out = []
    for ch in text.strip().lower():
        if ch.isspace():
            out.append("-")
        elif ch in "-_" or unicodedata.category(ch)[0] in "LMN":
            out.append(ch)
    return "".join(out) or "section"
