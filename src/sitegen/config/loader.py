"""Configuration stage: `sitegen.toml` (Hugo's key names) -> `SiteConfig`.

Keys are matched case-insensitively, as Hugo does (`baseurl` is `baseURL`).
Unknown keys warn with their line; a wrong type is an error naming the file,
line and key. A site without `sitegen.toml` reads Hugo's own config files
(hugo.py), or builds with defaults when it has none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import SitegenError, describe_value
from ..titles import STYLES
from .base_url import base_url_problem, normalize_base_url
from .feeds import read_outputs, read_services
from .files import Key, KeyReader, read_toml, refuse_unwritable
from .goldmark import read_extensions
from .highlight import read_highlight
from .hugo import HugoConfig, load_hugo_config
from .math import read_math
from .menus import read_menus
from .merge import strip_strategies
from .pagination import read_language_pagination, read_pagination
from .paths import read_disable_kinds, read_permalinks, read_taxonomies, refuse_taxonomy_sections
from .privacy import read_privacy
from .related import read_related
from .site_config import CONFIG_NAME, Language, SiteConfig

_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


# key (lowercase) -> (canonical name, expected type, SiteConfig field)
_TOP_KEYS: dict[str, tuple[str, type | tuple[type, ...], str]] = {
    "baseurl": ("baseURL", str, "base_url"),
    "title": ("title", str, "title"),
    "theme": ("theme", str, "theme"),
    "defaultcontentlanguage": ("defaultContentLanguage", str, "default_language"),
    "defaultcontentlanguageinsubdir": (
        "defaultContentLanguageInSubdir",
        bool,
        "default_language_in_subdir",
    ),
    "summarylength": ("summaryLength", int, "summary_length"),
    "hascjklanguage": ("hasCJKLanguage", bool, "has_cjk_language"),
    "disablepathtolower": ("disablePathToLower", bool, "disable_path_to_lower"),
    "timezone": ("timeZone", str, "time_zone"),
    "copyright": ("copyright", str, "copyright"),
    "contentdir": ("contentDir", str, "content_dir"),
    "publishdir": ("publishDir", str, "output_dir"),
    "builddrafts": ("buildDrafts", bool, "build_drafts"),
    "buildfuture": ("buildFuture", bool, "build_future"),
    "reflinkserrorlevel": ("refLinksErrorLevel", str, "ref_links_error_level"),
    "reflinksnotfoundurl": ("refLinksNotFoundURL", str, "ref_links_not_found_url"),
    "rsslimit": ("rssLimit", int, "rss_limit"),  # Hugo's older name of services.rss.limit
    "capitalizelisttitles": ("capitalizeListTitles", bool, "capitalize_list_titles"),
    "titlecasestyle": ("titleCaseStyle", str, "title_case_style"),
    "enableemoji": ("enableEmoji", bool, "enable_emoji"),
    "sectionpagesmenu": ("sectionPagesMenu", str, "section_pages_menu"),
}
_TABLE_KEYS = {
    "disablekinds",
    "languages",
    "taxonomies",
    "permalinks",
    "params",
    "markup",
    "languagecode",
    "services",
    "outputs",
    "pagination",
    "paginate",  # Hugo's old names, read by pagination.py
    "paginatepath",
    "menus",
    "menu",  # Hugo reads `menu` as `menus` too
    "privacy",
    "related",
}
_LANG_KEYS: dict[str, tuple[str, type | tuple[type, ...]]] = {
    "label": ("label", str),
    "languagename": ("label", str),  # Hugo's older name
    "locale": ("locale", str),
    "languagecode": ("locale", str),  # Hugo's older name
    "weight": ("weight", int),
    "title": ("title", str),
    "contentdir": ("content_dir", str),
    "params": ("params", dict),
    "pagination": ("pagination", dict),
    "disablepathtolower": ("disable_path_to_lower", bool),
}


_TOP_NAMES = [name for name, _, _ in _TOP_KEYS.values()] + [
    "disableKinds",
    "languages",
    "taxonomies",
    "permalinks",
    "params",
    "markup",
    "languageCode",
    "services",
    "outputs",
    "pagination",
    "menus",
    "privacy",
    "related",
]
_LANG_NAMES = [
    "label",
    "locale",
    "weight",
    "title",
    "contentDir",
    "params",
    "pagination",
    "menus",
    "disablePathToLower",
]


def load_config(
    site_dir: Path, environment: str = "production", config_files: tuple[Path, ...] = (), **overrides: Any
) -> SiteConfig:
    """Read `sitegen.toml` from site_dir (else Hugo's config files) and apply CLI overrides.

    environment picks Hugo's config/<environment>/ folder: "development" for serve.
    config: `--config FILE[,FILE]`: a sitegen.toml of another name (one file, in a
    site with a sitegen.toml or named sitegen*.toml), else Hugo's files, left-most winning.
    """
    site_dir = site_dir.resolve()
    path = site_dir / CONFIG_NAME
    given_files = config_files
    for given in given_files:
        if not given.is_file():
            raise SitegenError("config file not found", given, hint="--config takes FILE or FILE,FILE,…")
    sitegen_style = bool(given_files) and (path.is_file() or given_files[0].name.startswith("sitegen"))
    if sitegen_style and len(given_files) > 1:
        raise SitegenError(
            "a sitegen.toml-style config is one file",
            given_files[1],
            hint="merge the files into one, or use Hugo's files (hugo.toml, config/<environment>/)",
        )
    if sitegen_style:
        path = given_files[0].resolve()
    if not path.is_file() or (given_files and not sitegen_style):
        hugo = load_hugo_config(site_dir, environment, tuple(p.resolve() for p in given_files))
        if hugo is None:
            return _finish(SiteConfig(site_dir=site_dir), {}, None, "", overrides)
        base = SiteConfig(site_dir=site_dir, config_path=hugo.main_path)
        config = _finish(base, hugo.data, hugo.main_path, "", overrides, hugo)
        hugo.report_ignored()
        return config
    text, data = read_toml(path)
    ctx = KeyReader(path, text)
    refuse_unwritable(ctx, data)
    strip_strategies(data)  # Hugo's `_merge`: sitegen.toml has no theme config to merge
    _refuse_case_twins(ctx, data, ())
    return _finish(SiteConfig(site_dir=site_dir, config_path=path), data, path, text, overrides)


def _refuse_case_twins(ctx: KeyReader, table: dict[str, Any], where: Key) -> None:
    """Keys are case-insensitive, so `[languages.zh-CN]` beside `[languages.zh-cn]`, or
    `title` beside `Title`, is one key set twice; the last would win without a word.
    `params` keep their own spelling for templates, so they are left alone."""
    seen: dict[str, str] = {}
    for key, value in table.items():
        first = seen.setdefault(key.lower(), key)
        if first != key:
            line = ctx.spot((*where, first))[1]
            what = "language codes" if where == ("languages",) else "keys"
            ctx.fail(
                (*where, key),
                f"{'.'.join((*where, key))} is given twice (first as {first!r}"
                f"{f' on line {line}' if line else ''}): {what} are case-insensitive",
                hint="keep one of them",
            )
        if isinstance(value, dict) and key.lower() != "params":
            _refuse_case_twins(ctx, value, (*where, key))


def _finish(
    base: SiteConfig,
    data: dict[str, Any],
    path: Path | None,
    text: str,
    overrides: dict[str, Any],
    hugo: HugoConfig | None = None,
) -> SiteConfig:
    ctx = KeyReader(path, text, hugo)
    values: dict[str, Any] = {}
    lowered = {k.lower(): (k, v) for k, v in data.items()}
    for low, (key, value) in lowered.items():
        if low in _TOP_KEYS:
            name, typ, attr = _TOP_KEYS[low]
            values[attr] = ctx.check(value, typ, (key,), name)
        elif low not in _TABLE_KEYS:
            ctx.unknown((key,), _TOP_NAMES)
    for attr, name in (("content_dir", "contentDir"), ("output_dir", "publishDir")):
        if attr in values:
            if not values[attr].strip():
                ctx.fail((lowered[name.lower()][0],), f"{name} must name a folder, not be empty")
            values[attr] = Path(values[attr])
    if "default_language" in values:  # a language code: "zh-CN" is [languages.zh-cn]
        values["default_language"] = values["default_language"].lower()
    values["base_url"] = _base_url(ctx, lowered, values.get("base_url", base.base_url), overrides)
    values.update(_markup(ctx, lowered.get("markup")))
    values.update(read_services(ctx, lowered.get("services")))
    values.update(read_privacy(ctx, lowered.get("privacy")))
    values.update(read_outputs(ctx, lowered.get("outputs")))
    values["taxonomies"] = read_taxonomies(ctx, lowered.get("taxonomies"))
    values.update(read_disable_kinds(ctx, lowered.get("disablekinds")))
    values["permalinks"] = read_permalinks(ctx, lowered.get("permalinks"))
    values["params"] = _params(ctx, lowered.get("params", ("params", {})))
    values["pagination"] = read_pagination(ctx, lowered)
    values["related"] = read_related(ctx, lowered.get("related"))
    if menus := _menus_entry(lowered):
        values["menus"] = read_menus(ctx, (menus[0],), menus[1])
    values.update({k: v for k, v in overrides.items() if v is not None})
    config = replace(base, **values)
    config = replace(
        config,
        languages=_languages(ctx, config, lowered),
        ref_links_error_level=config.ref_links_error_level.upper(),
    )
    _validate_values(ctx, config, lowered)
    return config


def _markup(ctx: KeyReader, entry: tuple[str, Any] | None) -> dict[str, Any]:
    """Read the few `[markup]` settings we honour, in both our and Hugo's spelling."""
    if entry is None:
        return {}
    key, table = entry
    low = _by_lower(ctx.check(table, dict, (key,), "markup"))
    out: dict[str, Any] = {}
    if "unsafe" in low:
        out["unsafe"] = ctx.check(low["unsafe"][1], bool, (key, low["unsafe"][0]), "unsafe")
    at, goldmark = _table(ctx, low, "goldmark", (key,), "markup")
    out.update(read_extensions(ctx, goldmark, at))
    at, renderer = _table(ctx, _by_lower(goldmark), "renderer", at, "markup.goldmark")
    if "unsafe" in (found := _by_lower(renderer)):
        out["unsafe"] = ctx.check(found["unsafe"][1], bool, (*at, found["unsafe"][0]), "unsafe")
    at, highlight = _table(ctx, low, "highlight", (key,), "markup")
    if "highlight" in low:
        out["highlight"] = read_highlight(ctx, at, highlight)
    at, math = _table(ctx, low, "math", (key,), "markup")
    out.update(read_math(ctx, math, at))
    at, toc = _table(ctx, low, "tableofcontents", (key,), "markup")
    levels = _by_lower(toc)
    for name, attr in (("startLevel", "toc_start"), ("endLevel", "toc_end")):
        if name.lower() in levels:
            spelled, value = levels[name.lower()]
            out[attr] = ctx.check(value, int, (*at, spelled), f"tableOfContents.{name}")
    for k, _ in low.values():
        if k.lower() not in {"unsafe", "goldmark", "tableofcontents", "highlight", "math"}:
            ctx.unknown((key, k), ["unsafe", "goldmark", "tableOfContents", "highlight", "math"])
    return out


def _by_lower(table: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """A table's entries by lowercased key, each with the key as written."""
    return {str(k).lower(): (str(k), v) for k, v in table.items()}


def _table(
    ctx: KeyReader, low: dict[str, tuple[str, Any]], name: str, where: Key, parent: str
) -> tuple[Key, dict[str, Any]]:
    """The subtable `name` (any case) where it must be a table; empty when absent."""
    if name not in low:
        return where, {}
    spelled, value = low[name]
    return (*where, spelled), ctx.check(value, dict, (*where, spelled), f"{parent}.{spelled}")


def _params(ctx: KeyReader, entry: tuple[str, Any]) -> Mapping[str, Any]:
    """`[params]` as written, for templates; `mainSections`, which sitegen reads, checked."""
    key, table = entry
    params = dict(ctx.check(table, dict, (key,), "params"))
    for name, value in params.items():
        if name.lower() == "enablesearch" and not isinstance(value, bool):  # search.py reads it
            ctx.fail(
                (key, name),
                f"params.{name} must be true or false, not {describe_value(value)}",
                hint=f"e.g. {name} = false",
            )
        if name.lower() != "mainsections":
            continue
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            ctx.fail(
                (key, name),
                f"params.{name} must be a list of section names, not {describe_value(value)}",
                hint=f'e.g. {name} = ["posts"]',
            )
    return MappingProxyType(params)


def _languages(
    ctx: KeyReader, config: SiteConfig, lowered: dict[str, tuple[str, Any]]
) -> tuple[Language, ...]:
    key, table = lowered.get("languages", ("languages", {}))
    table = ctx.check(table, dict, (key,), "languages")
    top_key, top_locale = lowered.get("languagecode", ("languageCode", None))
    if top_locale is not None:
        ctx.check(top_locale, str, (top_key,), "languageCode")
    if not table:
        table = {config.default_language: {}}
    langs = []
    for code, entry in table.items():
        entry = ctx.check(entry, dict, (key, code), f"languages.{code}")
        langs.append(_language(ctx, config, (key, code), entry, top_locale))
    langs.sort(key=lambda lang: (lang.weight == 0, lang.weight, lang.code))
    codes = [lang.code for lang in langs]
    if config.default_language.lower() not in codes:
        ctx.fail(
            ("defaultContentLanguage",),
            f"defaultContentLanguage {config.default_language!r} is not one of the"
            f" configured languages ({', '.join(codes)})",
            hint=f"add a [languages.{config.default_language}] table or pick one of those",
        )
    return tuple(langs)


def _language(
    ctx: KeyReader, config: SiteConfig, where: Key, entry: dict[str, Any], top_locale: str | None
) -> Language:
    code = str(where[-1]).lower()
    if not _LANG_CODE.match(code):
        ctx.fail(
            where,
            f"language code {where[-1]!r} is not a language tag",
            hint="use codes like 'en', 'zh' or 'zh-cn'",
        )
    fields: dict[str, Any] = {}
    if menus := _menus_entry({k.lower(): (k, v) for k, v in entry.items()}):
        fields["menus"] = read_menus(ctx, (*where, menus[0]), menus[1])
    for k, v in entry.items():
        if k.lower() in ("menus", "menu"):
            continue
        if k.lower() not in _LANG_KEYS:
            ctx.unknown((*where, k), _LANG_NAMES)
            continue
        attr, typ = _LANG_KEYS[k.lower()]
        fields[attr] = ctx.check(v, typ, (*where, k), f"languages.{code}.{k}")
        if attr == "pagination":
            fields[attr] = read_language_pagination(ctx, (*where, k), v, config.pagination)
    is_default = code == config.default_language.lower()
    if is_default and "locale" not in fields and top_locale:
        fields["locale"] = top_locale  # Hugo's top-level languageCode
    content_dir = fields.get("content_dir")
    return Language(
        code=code,
        label=fields.get("label", code),
        locale=fields.get("locale", code),
        weight=fields.get("weight", 0),
        title=fields.get("title", config.title),
        content_dir=(config.site_dir / content_dir).resolve() if content_dir else None,
        prefix="" if is_default and not config.default_language_in_subdir else code,
        pagination=fields.get("pagination"),
        disable_path_to_lower=fields.get("disable_path_to_lower", config.disable_path_to_lower),
        menus=fields.get("menus"),
    )


def _menus_entry(lowered: dict[str, tuple[str, Any]]) -> tuple[str, Any] | None:
    """The `menus` table, or Hugo's other spelling `menu` (menus wins when both are set)."""
    return lowered.get("menus") or lowered.get("menu")


def _validate_values(ctx: KeyReader, config: SiteConfig, lowered: dict[str, tuple[str, Any]]) -> None:
    """Check values whose type is right but whose meaning is not."""
    if config.ref_links_error_level.upper() not in ("ERROR", "WARNING"):
        ctx.fail(("refLinksErrorLevel",), "refLinksErrorLevel must be 'error' or 'warning'")
    if config.summary_length < 0:
        ctx.fail(("summaryLength",), "summaryLength must not be negative")
    try:
        ZoneInfo(config.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        ctx.fail(("timeZone",), f"unknown time zone {config.time_zone!r}", "e.g. 'Asia/Shanghai'")
    if not 1 <= config.toc_start <= config.toc_end <= 6:
        ctx.fail(("markup",), "tableOfContents levels must satisfy 1 <= startLevel <= endLevel <= 6")
    if config.theme and ("/" in config.theme or config.theme.startswith(".")):
        ctx.fail(("theme",), f"theme must be a folder name under themes/, not {config.theme!r}")
    refuse_taxonomy_sections(ctx, config, lowered.get("taxonomies", ("taxonomies", None))[0])
    if config.title_case_style.lower() not in STYLES:  # Hugo's own fallback, for a name it lacks too
        ctx.warn(
            ("titleCaseStyle",),
            f"titleCaseStyle {config.title_case_style!r} is not supported; AP style is used",
            hint="sitegen has " + ", ".join(STYLES),
        )


def _base_url(
    ctx: KeyReader, lowered: dict[str, tuple[str, Any]], url: str, overrides: dict[str, Any]
) -> str:
    """baseURL, checked where it was set: the config file's line, or `--baseURL`."""
    if (wanted := overrides.get("base_url")) is not None:
        if (problem := base_url_problem(wanted)) is not None:
            message, hint = problem
            raise SitegenError(f"{message} (from --baseURL)", hint=hint)
    elif (problem := base_url_problem(url)) is not None:
        ctx.fail((lowered.get("baseurl", ("baseURL",))[0],), *problem)
    return normalize_base_url(url)
