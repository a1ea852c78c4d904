"""Alphabetical order as Hugo has it: by the language's collation rules, not code points.

Hugo sorts titles (`.Data.Terms.Alphabetical`, `ByTitle`, the last tie-break of
its default order) with Go's CLDR collator for the page's language. In Chinese
that is pinyin order (阿里, 大模型, 检索, 推理, 中文), with Latin, Greek and
Cyrillic before Han; code points would give 中文, 大模型, 推理, 检索, 阿里,
which no Chinese reader expects. ICU implements the same CLDR rules; Go's
collator keeps Latin first where ICU's Chinese puts Han first, so the script
order is given explicitly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import icu

# Go's x/text collator orders scripts like CLDR's root for every language.
_SCRIPT_ORDER = "-u-kr-latn-grek-cyrl-hani"


@functools.cache
def _collator(lang: str) -> icu.Collator:
    tag = lang.replace("_", "-")
    locale = icu.Locale.forLanguageTag(tag + _SCRIPT_ORDER)
    if not locale.getLanguage():  # not a language ICU knows: root rules
        locale = icu.Locale.forLanguageTag("und" + _SCRIPT_ORDER)
    return icu.Collator.createInstance(locale)


def sort_key(lang: str) -> Callable[[str], bytes]:
    """A key function ordering strings alphabetically for language code `lang` (e.g. "zh-cn")."""
    collator = _collator(lang.lower())
    key: Callable[[str], bytes] = collator.getSortKey
    return key
