"""Discovery stage: content folders -> `Source`s (plus loose files to copy).

A file's language comes from a file-name suffix naming a configured language
(`post.zh.md`, `index.zh-cn.md`), else from the language whose `contentDir`
holds it, else it is the default language. A folder holding `index.md` is a
leaf bundle: every other file below it belongs to that page. `_index.md`
gives metadata to the home page, a section, a taxonomy or a term.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from pathlib import Path

from .boundary import check_folder, walk
from .config import SiteConfig
from .errors import SitegenError, warn
from .model import HOME, PAGE, SECTION, TAXONOMY, TERM, Source

_LOOKS_LIKE_LANG = re.compile(r"^[a-z]{2,3}([-_][a-z0-9]{2,8})?$", re.IGNORECASE)


@dataclass(frozen=True)
class LooseFile:
    """A non-Markdown file outside any bundle, copied to the same place in the output."""

    source: Path
    rel: str  # posix path relative to its content folder
    lang: str


@dataclass(frozen=True)
class _Root:
    path: Path
    lang: str | None  # fixed language of a per-language contentDir
    skip: frozenset[Path]  # nested roots of other languages


def discover_sources(config: SiteConfig) -> tuple[tuple[Source, ...], tuple[LooseFile, ...]]:
    """Find every content file, sorted by path so the build is deterministic."""
    sources: list[Source] = []
    loose: list[LooseFile] = []
    for root in _roots(config):
        for folder, dirs, files in _walk(config, root):
            index = _bundle_index(files, config)
            if index:
                sources.extend(_bundle(config, root, folder, index, files, dirs))
                dirs.clear()  # everything below a leaf bundle is its resources
                continue
            for name in files:
                path = folder / name
                if name.endswith(".md"):
                    sources.append(_source(config, root, path, bundle=False))
                else:
                    rel = path.relative_to(root.path).as_posix()
                    loose.append(LooseFile(path, rel, root.lang or config.default_language))
    sources.sort(key=lambda s: s.path)
    return tuple(sources), tuple(loose)


def _roots(config: SiteConfig) -> list[_Root]:
    if any(lang.content_dir is None for lang in config.languages):
        # before resolving: if content/ itself is a link out of the site, name it
        check_folder(config.site_dir, config.site_dir / config.content_dir)
    main = (config.site_dir / config.content_dir).resolve()
    own = {lang.content_dir: lang.code for lang in config.languages if lang.content_dir}
    roots = [_Root(path, code, frozenset()) for path, code in own.items()]
    if any(lang.content_dir is None for lang in config.languages):
        nested = frozenset(p for p in own if p != main and main in p.parents)
        roots.append(_Root(main, None, nested))
    for root in roots:
        if not root.path.is_dir():
            raise SitegenError(
                "content folder does not exist",
                root.path,
                hint="create it, or set contentDir in sitegen.toml",
            )
    return roots


def _walk(config: SiteConfig, root: _Root) -> Iterator[tuple[Path, list[str], list[str]]]:
    """Walk a content folder in sorted order (boundary.walk: inside the site, no
    FIFOs, no VCS or editor files), leaving other languages' folders to them."""
    for folder, dirs, files in walk(config.site_dir, root.path):
        dirs[:] = [d for d in dirs if (folder / d) not in root.skip]
        yield folder, dirs, files


def _bundle_index(files: list[str], config: SiteConfig) -> list[str]:
    names = {"index.md"} | {f"index.{lang.code}.md" for lang in config.languages}
    return [f for f in files if f.lower() in names]


def _bundle(
    config: SiteConfig, root: _Root, folder: Path, index: list[str], files: list[str], dirs: list[str]
) -> list[Source]:
    """The bundle's pages, each with every other file below the folder as a resource
    (this folder's files come from the walk that found it; subfolders are walked here)."""
    below = [here / f for d in dirs for here, _, found in walk(config.site_dir, folder / d) for f in found]
    resources = tuple(sorted([*(folder / f for f in files if f not in index), *below]))
    return [_source(config, root, folder / name, bundle=True, resources=resources) for name in index]


def _source(
    config: SiteConfig,
    root: _Root,
    path: Path,
    *,
    bundle: bool,
    resources: tuple[Path, ...] = (),
) -> Source:
    rel = path.relative_to(root.path)
    stem, lang = _split_language(config, path, root)
    parts = [*rel.parent.parts]
    is_index = stem in ("_index", "index")
    if not is_index:
        parts.append(stem)
    path_key = "/".join(parts)
    kind = _list_kind(config, parts) if stem == "_index" else PAGE
    return Source(path, root.path, lang, kind, path_key, bundle, resources)


def _split_language(config: SiteConfig, path: Path, root: _Root) -> tuple[str, str]:
    """Return (file stem without language suffix, language code)."""
    stem = path.name[: -len(".md")]
    fallback = root.lang or config.default_language
    base, lang = split_language_suffix(stem, {lang.code for lang in config.languages})
    if lang is not None:
        return base, lang
    base, dot, suffix = stem.rpartition(".")
    if dot and base and _LOOKS_LIKE_LANG.match(suffix) and _is_known_locale(suffix):
        warn(
            f"file name suffix {suffix!r} looks like a language that is not configured;"
            f" building the page as {fallback!r}",
            path,
            hint=f"add [languages.{suffix.lower()}] to sitegen.toml, or rename the file",
        )
    return stem, fallback


def split_language_suffix(stem: str, codes: Container[str]) -> tuple[str, str | None]:
    """`post.zh-cn` -> ("post", "zh-cn") when the suffix is a configured language code
    (in any case), else (stem, None). Content files and refs to them both use this."""
    base, dot, suffix = stem.rpartition(".")
    if dot and base and suffix.lower() in codes:
        return base, suffix.lower()
    return stem, None


def _is_known_locale(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _list_kind(config: SiteConfig, parts: list[str]) -> str:
    if not parts:
        return HOME
    if parts[0].lower() in set(config.taxonomies.values()):
        return TAXONOMY if len(parts) == 1 else TERM
    return SECTION


def read_source(path: Path) -> str:
    """Read a content file as UTF-8 (a BOM is fine; CRLF becomes LF)."""
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise SitegenError(
            "file looks binary, not Markdown",
            path,
            hint="move it out of content/, or into a page bundle folder",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1  # characters
        raise SitegenError(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            path,
            line,
            col,
            hint="re-save it as UTF-8; if it came from a Windows tool it may be GBK or cp1252",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
