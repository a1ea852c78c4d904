"""Configuration stage, merging Hugo configs: a file over another, a theme's under the site's.

In: parsed config tables. Out: the same tables merged, as Hugo 0.168 merges them
(gohugoio/hugo `common/maps/params.go` and `config/defaultConfigProvider.go`):

- The site's own files (root file, config/_default/, config/<environment>/) are laid
  one over another by `overlay`: tables key by key, anything else (lists too)
  replaced. `_merge` plays no part there (checked with Hugo: `_merge = "none"` in
  config/_default/params.toml still merges it into the root file's params).
- A theme's config goes *under* the site's by `merge_theme`, table by table, following
  each table's `_merge`: "none" takes nothing from the theme, "shallow" takes the keys
  the table lacks but nothing inside the ones it has, "deep" takes what is missing at
  every level. A table without `_merge` takes its parent's, and the root keys have
  Hugo's defaults: `params` deep (at any depth, `languages.<code>.params` too), `menus`
  shallow (also `languages.<code>.menus`), `outputFormats` and `mediaTypes` shallow,
  everything else none. So out of the box a theme adds params and menus only.
- Only tables come from a theme: its top-level `title` or `summaryLength` never do.
- `_merge` is read as Hugo reads it: exactly "none", "shallow" or "deep"; any other
  value (even "None") is deep. `strip_strategies` removes every `_merge` afterwards,
  so no later stage sees it as a setting.
"""

from __future__ import annotations

from typing import Any

MERGE_KEY = "_merge"
STRATEGIES = ("none", "shallow", "deep")
HUGO_TAXONOMIES = {"tag": "tags", "category": "categories"}  # when a Hugo config names none


def overlay(into: dict[str, Any], new: dict[str, Any]) -> None:
    """Lay new over into as Hugo's Params.Set does: tables deeply, anything else replaced.

    Keys match case-insensitively; the spelling first seen is kept, so templates see
    `params.mainSections` as written. An empty YAML/JSON value (null) sets nothing.
    """
    names = {str(k).lower(): k for k in into}
    for key, value in new.items():
        if value is None:
            continue
        old = names.get(str(key).lower())
        if old is not None and isinstance(into[old], dict) and isinstance(value, dict):
            overlay(into[old], value)
            continue
        if isinstance(value, dict):
            copied: dict[str, Any] = {}
            overlay(copied, value)
            value = copied
        into[old if old is not None else str(key)] = value
        names[str(key).lower()] = old if old is not None else str(key)


def set_strategies(site: dict[str, Any]) -> None:
    """Give every table of the site's config its `_merge`, Hugo's defaults where unset
    (SetDefaultMergeStrategy); the root keeps one only when the user set it."""
    root = own_strategy(site)
    for key, value in site.items():
        if isinstance(value, dict):
            _set_below(value, (str(key).lower(),), root, parent_is_root=True)


def _set_below(
    table: dict[str, Any], path: tuple[str, ...], parent: str | None, parent_is_root: bool
) -> None:
    strategy = own_strategy(table)
    if strategy is None:
        strategy = _default_strategy(path, parent, parent_is_root)
    _put_strategy(table, strategy)
    for key, value in table.items():
        if isinstance(value, dict):
            _set_below(value, (*path, str(key).lower()), strategy, parent_is_root=False)


def _default_strategy(path: tuple[str, ...], parent: str | None, parent_is_root: bool) -> str:
    """Hugo's determineMergeStrategy: by the key's name and place, else the parent's."""
    key = path[-1]
    if key == "params":
        return "deep"
    if key in ("outputformats", "mediatypes") and parent_is_root:
        return "shallow"
    if key == "menus" and (parent_is_root or (len(path) == 3 and path[0] == "languages")):
        return "shallow"
    return parent or "none"


def merge_theme(site: dict[str, Any], theme: dict[str, Any], default_language: str) -> None:
    """Merge one theme's config under the site's (whose strategies set_strategies set)."""
    if own_strategy(site) == "none":
        return
    if _find(site, "languages") is None and isinstance(theme.get(_find(theme, "languages") or ""), dict):
        # Hugo has made the site's one language by now, with no strategy (so shallow):
        # the theme may add languages, but not change the default one.
        site["languages"] = {default_language.lower(): {}}
    for key, value in theme.items():
        if not isinstance(value, dict) or str(key).lower() == MERGE_KEY:
            continue  # a theme's top-level values (title, summaryLength) are never taken
        name = _find(site, str(key))
        if name is not None:
            if isinstance(site[name], dict):
                _merge_table(site[name], value, None)
            continue
        table: dict[str, Any] = {}
        _put_strategy(table, _default_strategy((str(key).lower(),), own_strategy(site), parent_is_root=True))
        _merge_table(table, value, None)
        if any(str(k).lower() != MERGE_KEY for k in table):
            site[str(key)] = table


def _merge_table(table: dict[str, Any], theme: dict[str, Any], parent: str | None) -> None:
    """Hugo's Params.merge: add the theme's keys this table lacks, as its strategy allows."""
    own = own_strategy(table)
    strategy = own if own is not None else (parent or "shallow")
    frozen = strategy == "none" or parent == "shallow"  # shallow: new keys one level only
    names = {str(k).lower(): k for k in table}
    for key, value in theme.items():
        if str(key).lower() == MERGE_KEY or value is None:
            continue
        old = names.get(str(key).lower())
        if old is not None:
            if isinstance(table[old], dict) and isinstance(value, dict):
                _merge_table(table[old], value, strategy)
        elif not frozen:
            if isinstance(value, dict):
                copied: dict[str, Any] = {}
                overlay(copied, value)
                value = copied
            table[str(key)] = value
            names[str(key).lower()] = str(key)


def own_strategy(table: dict[str, Any]) -> str | None:
    """The table's own `_merge` (any case of the key), read as Hugo reads it; None if unset."""
    name = _find(table, MERGE_KEY)
    if name is None:
        return None
    value = table[name]
    text = value if isinstance(value, str) else str(value)
    return text if text in STRATEGIES else "deep"  # Hugo: anything else means deep


def _put_strategy(table: dict[str, Any], strategy: str) -> None:
    name = _find(table, MERGE_KEY)
    if name is not None:
        del table[name]
    table[MERGE_KEY] = strategy


def strip_strategies(node: Any) -> None:
    """Remove every `_merge` key, in tables at any depth and in lists of tables."""
    if isinstance(node, dict):
        for key in [k for k in node if str(k).lower() == MERGE_KEY]:
            del node[key]
        for value in node.values():
            strip_strategies(value)
    elif isinstance(node, list):
        for item in node:
            strip_strategies(item)


def _find(table: dict[str, Any], key: str) -> str | None:
    low = key.lower()
    return next((k for k in table if str(k).lower() == low), None)
