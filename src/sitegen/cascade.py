"""Hugo's `build` options and `cascade`: front-matter values a section passes down.

`build` says whether a page is written (`render`) and which lists show it
(`list`); `headless: true` is the old spelling of "neither". `cascade` in an
`_index` file gives the section page itself and every page below it values
they don't set themselves, in the same language, the nearest section winning,
as Hugo 0.168 does (checked against it: a cascade in `posts/_index.md`
reaches `posts/` and its pages, not the English ones).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from types import MappingProxyType
from typing import Any, NoReturn, Protocol

from .errors import GO_BOOLS, describe_value
from .model import PAGE, CascadeRule, Document, FrontMatter

_RENDER = {"always": "always", "never": "never", "link": "link", True: "always", False: "never"}
_LIST = {"always": "always", "never": "never", "local": "local", True: "always", False: "never"}
_BUILD_KEYS = {"render": "render", "list": "list_mode", "publishresources": "publish_resources"}
_KINDS = {"page", "home", "section", "taxonomy", "term"}


class _Check(Protocol):
    def fail(self, key: str, message: str, hint: str | None = None) -> NoReturn: ...
    def boolean(self, key: str, value: Any) -> bool: ...
    def warn(self, key: str, message: str, hint: str | None = None) -> None: ...


def read_build(check: _Check, key: str, value: Any) -> dict[str, Any]:
    """`build: {render: never, list: local, publishResources: false}` -> FrontMatter fields."""
    if not isinstance(value, dict):
        check.fail(
            key,
            f"{key} must be a table of options, not {describe_value(value)}",
            hint=f"e.g. {key}: {{render: never, list: local}}",
        )
    out: dict[str, Any] = {}
    for name, option in value.items():
        low = str(name).lower()
        if low not in _BUILD_KEYS:
            check.fail(
                key,
                f"unknown build option {describe_value(str(name))}",
                hint="the options are render, list and publishResources",
            )
        if low == "publishresources":
            out["publish_resources"] = check.boolean(key, option)
            continue
        allowed = _RENDER if low == "render" else _LIST
        chosen = allowed.get(option.lower() if isinstance(option, str) else option)
        if isinstance(option, int | float) and not isinstance(option, bool):
            chosen = "never" if option == 0 else "always"  # Hugo reads a number as "0" or "1"
        elif chosen is None and isinstance(option, str) and option in GO_BOOLS:
            # Hugo takes only the words and an unquoted true/false: "false" is an unknown
            # word to it, which means always. Built as Hugo builds it, with a word.
            if not GO_BOOLS[option]:  # "true" means always anyway
                check.warn(
                    key,
                    f"build {low} {option!r} is text, not true or false: Hugo reads it as 'always'",
                    hint=f"write {low}: never (or false, unquoted)",
                )
            chosen = "always"
        if chosen is None:
            words = ", ".join(k for k in allowed if isinstance(k, str))
            check.fail(key, f"build {low} must be one of {words}, not {describe_value(option)}")
        out[_BUILD_KEYS[low]] = chosen
    return out


def read_cascade(
    check: _Check, key: str, value: Any, validate: Callable[[dict[str, Any]], FrontMatter]
) -> tuple[CascadeRule, ...]:
    """A mapping, or a list of mappings each with an optional `_target` (or `target`)."""
    entries = [value] if isinstance(value, dict) else value
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        check.fail(key, f"{key} must be a table of front-matter values, or a list of them")
    rules = []
    for entry in entries:
        values = {k: v for k, v in entry.items() if str(k).lower() not in ("_target", "target")}
        target: Any = next((v for k, v in entry.items() if str(k).lower() in ("_target", "target")), {})
        if not isinstance(target, dict):
            check.fail(key, "a cascade target must be a table, e.g. _target: {path: /posts/**}")
        low = {str(k).lower(): v for k, v in target.items()}
        kind = low.get("kind")
        if kind is not None and str(kind).lower() not in _KINDS:
            kinds = ", ".join(sorted(_KINDS))
            check.fail(key, f"cascade target kind {describe_value(kind)} is not one of {kinds}")
        rules.append(
            CascadeRule(
                validate(values),
                path=str(low["path"]) if "path" in low else None,
                kind=str(kind).lower() if kind is not None else None,
                lang=str(low["lang"]).lower() if "lang" in low else None,
            )
        )
    return tuple(rules)


def apply_cascades(documents: Iterable[Document]) -> list[Document]:
    """Give every document the values its sections cascade to it."""
    docs = list(documents)
    rules: dict[tuple[str, str], tuple[CascadeRule, ...]] = {
        (d.source.lang, d.source.path_key): d.front_matter.cascade
        for d in docs
        if d.source.kind != PAGE and d.front_matter.cascade
    }
    if not rules:
        return docs
    return [_inherit(doc, rules) for doc in docs]


def _inherit(doc: Document, rules: dict[tuple[str, str], tuple[CascadeRule, ...]]) -> Document:
    src = doc.source
    parts = src.path_key.split("/") if src.path_key else []
    own_list = 1 if src.kind != PAGE else 0  # a section's cascade reaches the section too
    fm = doc.front_matter
    for depth in range(len(parts) - 1 + own_list, -1, -1):  # nearest section first
        for rule in rules.get((src.lang, "/".join(parts[:depth])), ()):
            if _targets(rule, doc):
                fm = _merge(fm, rule.values)
    return doc if fm is doc.front_matter else replace(doc, front_matter=fm)


def _targets(rule: CascadeRule, doc: Document) -> bool:
    src = doc.source
    if rule.lang and rule.lang != src.lang:
        return False
    if rule.kind and rule.kind != src.kind:
        return False
    return not rule.path or fnmatch.fnmatchcase("/" + src.path_key, rule.path.rstrip("/") or "/")


# front-matter keys (lowercase, as in `positions`) that set each field, where the names differ
_BUILD = ("build", "_build", "headless")
_KEYS = {
    "link_title": ("linktitle",),
    "publish_date": ("publishdate", "pubdate"),
    "is_cjk": ("iscjklanguage",),
    "translation_key": ("translationkey",),
    "render": _BUILD,
    "list_mode": _BUILD,
    "publish_resources": _BUILD,
    "menus": ("menu", "menus"),
}


def _merge(own: FrontMatter, given: FrontMatter) -> FrontMatter:
    """Fields `own` sets stay (even set to the default: `draft: false`); the rest
    come from `given` where it sets them."""
    updates: dict[str, Any] = {}
    for f in fields(FrontMatter):
        if f.name in ("positions", "params", "taxonomies", "cascade"):
            continue
        keys = _KEYS.get(f.name, (f.name,))
        if any(k in given.positions for k in keys) and not any(k in own.positions for k in keys):
            updates[f.name] = getattr(given, f.name)
    params = {**given.params, **own.params}
    taxonomies = {**given.taxonomies, **own.taxonomies}
    return replace(
        own,
        **updates,
        params=MappingProxyType(params),
        taxonomies=MappingProxyType(taxonomies),
        positions=MappingProxyType({**given.positions, **own.positions}),
    )
