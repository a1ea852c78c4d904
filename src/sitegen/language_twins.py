"""Planning stage, one rule: two content files that name one page in one language.

Hugo reads a file's language suffix in any case, so `post.zh-CN.md` and
`post.zh-cn.md` (or `post.md` and `post.zh-cn.md` when zh-cn is the default
language) are one page. Hugo 0.168 builds one of them without a word; sitegen
builds the same one and says which file it ignored.
"""

from __future__ import annotations

from .errors import warn
from .model import Document


def language_twins(a: Document, b: Document) -> bool:
    """Whether two files with one page key differ only in how the language is spelled.

    One key and one folder leave nothing else to differ (`post.md` and `post/index.md`
    are in different folders, and stay an error)."""
    return a.source.path.parent == b.source.path.parent


def keep_hugos_twin(first: Document, second: Document) -> Document:
    """Return the twin Hugo builds, warning at the other (`first` sorts before `second`).

    Checked with the binary: a name with the language suffix wins over one without,
    else the first in name order (byte order: `zh-CN` before `zh-cn`)."""
    keep, drop = (second, first) if _suffixed(second) and not _suffixed(first) else (first, second)
    name = keep.source.path.name
    warn(
        f"{name} and this file are the same page ({keep.source.lang}: {keep.source.path_key or '/'});"
        f" as in Hugo, {name} is built and this file is ignored",
        drop.source.path,
        hint="remove one of them: Hugo reads language suffixes in any case",
    )
    return keep


def _suffixed(doc: Document) -> bool:
    base, dot, suffix = doc.source.path.name[: -len(".md")].rpartition(".")
    return bool(dot and base) and suffix.lower() == doc.source.lang
