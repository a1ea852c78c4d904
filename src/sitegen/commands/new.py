"""`sitegen new content PATH` (and Hugo's older `sitegen new PATH`): a post from an archetype.

The path is relative to the content folder (a leading `content/` or a language's
contentDir is understood too). The archetype is Hugo's lookup (archetypes.py);
`--translation zh` also writes the other language's file, beside the first
(`index.zh.md`) or in that language's contentDir. Nothing is ever overwritten:
every file is checked before the first is written.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from ..config import load_config
from ..config.site_config import SiteConfig
from ..errors import SitegenError, display_path
from ..templates import locate_theme
from . import config_paths
from .archetypes import BUILT_IN, Archetype, Fields, fill, find

_CONTENT_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class Target:
    rel: PurePosixPath  # inside its content folder, without the language suffix: blog/x/index.md
    lang: str


def run(args: argparse.Namespace) -> int:
    config = load_config(args.source, args.environment, config_paths(args))
    target = _target(config, args.path)
    section = target.rel.parts[0] if len(target.rel.parts) > 1 else ""
    folders = _archetype_folders(config)
    archetype = find(folders, args.kind or section, asked=bool(args.kind), ext=target.rel.suffix or ".md")
    langs = [target.lang, *(_language(config, code) for code in args.translation or [])]
    writes: list[tuple[Path, bytes]] = []
    for i, lang in enumerate(dict.fromkeys(langs)):
        writes.extend(_files(config, archetype, target, section, args.kind or section, lang, whole=i == 0))
    for path, _ in writes:
        if path.exists():
            raise SitegenError(
                "file exists; sitegen new never overwrites",
                path,
                hint="choose another name, or edit the file that is there",
            )
    for path, data in writes:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f'Content "{display_path(path)}" created')
    return 0


def _target(config: SiteConfig, given: str) -> Target:
    rel = PurePosixPath(given.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise SitegenError(
            f"{given!r}: give a path inside the content folder", hint="e.g. blog/my-post/index.md"
        )
    lang = config.default_language.lower()
    for code, folder in _content_dirs(config):  # the longest folder first: content/zh before content
        inside = folder.relative_to(config.site_dir).as_posix()
        if rel.as_posix().startswith(inside + "/"):
            rel, lang = PurePosixPath(rel.as_posix()[len(inside) + 1 :]), code or lang
            break
    if rel.suffix.lower() not in _CONTENT_SUFFIXES and rel.suffix:
        raise SitegenError(f"{given!r}: content files end in .md", hint=f"e.g. {rel.with_suffix('.md')}")
    stem, dot, code = rel.stem.rpartition(".")
    if dot and code.lower() in {g.code.lower() for g in config.languages}:
        rel, lang = rel.with_name(stem + rel.suffix), code.lower()  # index.zh.md: Chinese
    return Target(rel, lang)


def _content_dirs(config: SiteConfig) -> list[tuple[str | None, Path]]:
    dirs: list[tuple[str | None, Path]] = [
        (g.code.lower(), g.content_dir) for g in config.languages if g.content_dir is not None
    ]
    dirs.append((None, (config.site_dir / config.content_dir).resolve()))
    dirs = [(c, d) for c, d in dirs if d.is_relative_to(config.site_dir)]
    return sorted(dirs, key=lambda cd: -len(cd[1].parts))


def _language(config: SiteConfig, code: str) -> str:
    codes = [g.code.lower() for g in config.languages] or [config.default_language.lower()]
    if code.lower() in codes:
        return code.lower()
    # the whole list, not a guess: two-letter codes are all equally close ("zn": en or zh?)
    raise SitegenError(
        f"--translation {code}: the site has no language {code!r}",
        config.config_path,
        hint=f"the site's languages: {', '.join(codes)}",
    )


def _archetype_folders(config: SiteConfig) -> list[Path]:
    """The site's archetypes/, then its theme's (Hugo's order)."""
    folders = [config.site_dir / "archetypes", config.site_dir / "themes" / config.theme / "archetypes"]
    try:
        theme = locate_theme(config)
    except SitegenError:
        theme = None
    if theme is not None:
        folders += [d.parent / "archetypes" for d in theme.layout_dirs if d != config.site_dir / "layouts"]
    return list(dict.fromkeys(folders))


def _files(
    config: SiteConfig, archetype: Archetype, target: Target, section: str, kind: str, lang: str, whole: bool
) -> list[tuple[Path, bytes]]:
    """The files to write for one language: the whole bundle for the first, its index after."""
    rel = target.rel
    if archetype.is_bundle:
        bundle = rel.parent if rel.stem == "index" else rel.with_suffix("")
        rel = bundle / "index.md"
    name = rel.parent.name if rel.stem in ("index", "_index") and rel.parent.name else rel.stem
    fields = Fields(name, rel.stem, section, kind, _now(), config.title, lang)
    root, place = _placed(config, rel, lang)
    if archetype.path is None:
        return [(root / place, fill(BUILT_IN, fields, "archetype").encode())]
    if not archetype.is_bundle:
        text = archetype.path.read_text(encoding="utf-8")
        return [(root / place, fill(text, fields, archetype.path).encode())]
    out: list[tuple[Path, bytes]] = []
    for src in sorted(p for p in archetype.path.rglob("*") if p.is_file()):
        inner = src.relative_to(archetype.path).as_posix()
        if inner == "index.md":
            out.append((root / place, fill(src.read_text(encoding="utf-8"), fields, src).encode()))
        elif whole and src.suffix in _CONTENT_SUFFIXES:
            text = fill(src.read_text(encoding="utf-8"), fields, src)
            out.append((root / rel.parent / inner, text.encode()))
        elif whole:
            out.append((root / rel.parent / inner, src.read_bytes()))
    return out


def _placed(config: SiteConfig, rel: PurePosixPath, lang: str) -> tuple[Path, PurePosixPath]:
    """The content folder and file name for one language: its own contentDir, else
    the shared one with `.zh` before the extension (none for the default language)."""
    own = next((g.content_dir for g in config.languages if g.code.lower() == lang and g.content_dir), None)
    if own is not None:
        return own, rel
    root = (config.site_dir / config.content_dir).resolve()
    if lang == config.default_language.lower():
        return root, rel
    return root, rel.with_name(f"{rel.stem}.{lang}{rel.suffix}")


def _now() -> str:
    """Now, with the local offset, as Go's RFC 3339 (`Z` for UTC). SOURCE_DATE_EPOCH wins,
    so a script (or a test) makes the same file twice."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    now = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(UTC)
    text = now.astimezone().replace(microsecond=0).isoformat()
    return text.removesuffix("+00:00") + ("Z" if text.endswith("+00:00") else "")
