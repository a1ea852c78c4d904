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

from ..errors import SitegenError
from ..urls import PERMALINK_TOKEN, PERMALINK_TOKENS
from .base_url import base_url_problem, normalize_base_url
from .feeds import read_outputs, read_services
from .files import Key, KeyReader, read_toml
from .hugo import HugoConfig, load_hugo_config
from .site_config import CONFIG_NAME, DEFAULT_TAXONOMIES, Language, SiteConfig

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
    "timezone": ("timeZone", str, "time_zone"),
    "copyright": ("copyright", str, "copyright"),
    "contentdir": ("contentDir", str, "content_dir"),
    "publishdir": ("publishDir", str, "output_dir"),
    "builddrafts": ("buildDrafts", bool, "build_drafts"),
    "buildfuture": ("buildFuture", bool, "build_future"),
    "reflinkserrorlevel": ("refLinksErrorLevel", str, "ref_links_error_level"),
    "reflinksnotfoundurl": ("refLinksNotFoundURL", str, "ref_links_not_found_url"),
    "rsslimit": ("rssLimit", int, "rss_limit"),  # Hugo's older name of services.rss.limit
}
_TABLE_KEYS = {
    "languages",
    "taxonomies",
    "permalinks",
    "params",
    "markup",
    "languagecode",
    "services",
    "outputs",
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
}


_TOP_NAMES = [name for name, _, _ in _TOP_KEYS.values()] + [
    "languages",
    "taxonomies",
    "permalinks",
    "params",
    "markup",
    "languageCode",
    "services",
    "outputs",
]
_LANG_NAMES = ["label", "locale", "weight", "title", "contentDir", "params"]


def load_config(site_dir: Path, environment: str = "production", **overrides: Any) -> SiteConfig:
    """Read `sitegen.toml` from site_dir (else Hugo's config files) and apply CLI overrides.

    environment picks Hugo's config/<environment>/ folder: "development" for serve.
    """
    site_dir = site_dir.resolve()
    path = site_dir / CONFIG_NAME
    if not path.is_file():
        hugo = load_hugo_config(site_dir, environment)
        if hugo is None:
            return _finish(SiteConfig(site_dir=site_dir), {}, None, "", overrides)
        base = SiteConfig(site_dir=site_dir, config_path=hugo.main_path)
        config = _finish(base, hugo.data, hugo.main_path, "", overrides, hugo)
        hugo.report_ignored()
        return config
    text, data = read_toml(path)
    return _finish(SiteConfig(site_dir=site_dir, config_path=path), data, path, text, overrides)


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
    for attr in ("content_dir", "output_dir"):
        if attr in values:
            values[attr] = Path(values[attr])
    values["base_url"] = _base_url(ctx, lowered, values.get("base_url", base.base_url), overrides)
    values.update(_markup(ctx, lowered.get("markup")))
    values.update(read_services(ctx, lowered.get("services")))
    values.update(read_outputs(ctx, lowered.get("outputs")))
    values["taxonomies"] = _taxonomies(ctx, lowered.get("taxonomies"))
    values["permalinks"] = _permalinks(ctx, lowered.get("permalinks"))
    values["params"] = MappingProxyType(
        dict(ctx.check(lowered.get("params", ("params", {}))[1], dict, ("params",), "params"))
    )
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
    table = ctx.check(table, dict, (key,), "markup")
    out: dict[str, Any] = {}
    low = {k.lower(): (k, v) for k, v in table.items()}
    if "unsafe" in low:
        out["unsafe"] = ctx.check(low["unsafe"][1], bool, (key, low["unsafe"][0]), "unsafe")
    renderer = table.get("goldmark", {}).get("renderer", {}) if "goldmark" in table else {}
    if "unsafe" in renderer:
        path = (key, "goldmark", "renderer", "unsafe")
        out["unsafe"] = ctx.check(renderer["unsafe"], bool, path, "unsafe")
    toc = low.get("tableofcontents", (None, {}))
    for name, attr in (("startLevel", "toc_start"), ("endLevel", "toc_end")):
        if name in toc[1]:
            toc_path = (key, str(toc[0]), name)
            out[attr] = ctx.check(toc[1][name], int, toc_path, f"tableOfContents.{name}")
    for k, _ in low.values():
        if k.lower() not in {"unsafe", "goldmark", "tableofcontents"}:
            ctx.unknown((key, k), ["unsafe", "goldmark", "tableOfContents"])
    return out


def _taxonomies(ctx: KeyReader, entry: tuple[str, Any] | None) -> Mapping[str, str]:
    if entry is None:
        return MappingProxyType(dict(DEFAULT_TAXONOMIES))
    key, table = entry
    table = ctx.check(table, dict, (key,), "taxonomies")
    for singular, plural in table.items():
        ctx.check(plural, str, (key, singular), f"taxonomies.{singular}")
    return MappingProxyType({str(s).lower(): str(p).lower() for s, p in table.items()})


def _permalinks(ctx: KeyReader, entry: tuple[str, Any] | None) -> Mapping[str, str]:
    """Accept Hugo's flat `section = pattern` and its newer `[permalinks.page]` table."""
    if entry is None:
        return MappingProxyType({})
    key, table = entry
    table = ctx.check(table, dict, (key,), "permalinks")
    flat = dict(table.get("page", {})) if isinstance(table.get("page"), dict) else {}
    for section, pattern in table.items():
        if isinstance(pattern, dict):
            continue
        flat[section] = ctx.check(pattern, str, (key, section), f"permalinks.{section}")
    for section, pattern in flat.items():
        for token in PERMALINK_TOKEN.findall(str(pattern)):
            if token not in PERMALINK_TOKENS:
                known = ", ".join(f":{t}" for t in sorted(PERMALINK_TOKENS))
                ctx.fail(
                    (key, section),
                    f"unknown permalink token ':{token}' in {pattern!r}",
                    hint=f"known tokens: {known}",
                )
    return MappingProxyType(flat)


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
    for k, v in entry.items():
        if k.lower() not in _LANG_KEYS:
            ctx.unknown((*where, k), _LANG_NAMES)
            continue
        attr, typ = _LANG_KEYS[k.lower()]
        fields[attr] = ctx.check(v, typ, (*where, k), f"languages.{code}.{k}")
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
    )


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
