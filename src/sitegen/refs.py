"""Reference stage: `ref`/`relref` paths written in content -> the pages they name.

Rules, following Hugo's documentation (gohugo.io: shortcodes/ref, functions/urls/ref,
methods/page/getpage, methods/page/path, content-management/cross-references):

- "Specify the logical path ... If you include a file extension or language identifier,
  Hugo will strip these values": a ref names a page by its logical path (content path
  without `.md`, `index`/`_index`, language suffix), lower-cased with spaces as hyphens,
  so `/blog/post`, `/blog/post/`, `/blog/post.md`, `/blog/post/index.md`, `/blog/_index.md`
  and `/blog/` all work, and matching ignores case. `/` is the home page; `/tags/llm` a term.
- "A path ... with or without an anchor": `#x` is split off; a ref that is only `#x`
  points at the calling page, and both ref and relref print just `#x` (Hugo 0.168).
- "Paths without a leading slash are resolved first relative to the current page, and then
  relative to the rest of the site": relative to the page's folder, then from the content
  folder, then (for a bare name with no `/`) a site-wide lookup of a page whose file or
  bundle folder is called that. Refs starting with `.` are page-relative only. As in Hugo's
  reverse index, names cover sections and terms too (not the home page), and `/name` is a
  path, never a name lookup (Hugo before 0.123 also tried it as a name).
- "If the path is ambiguous, Hugo throws an error": a bare name matching several pages, or
  two files sharing one logical path, is an error naming them all.
- `lang`: "Default is the current language"; the lookup happens in that language only.

From Hugo's source (pageFinder, v0.123+), where the docs are silent: `..` joins as Go's
path.Join does, so it never climbs above the content folder (`../../docs/x` from a post
in blog/ is /docs/x); a leaf bundle
`blog/x/index.md` is the page `/blog/x`, so its relative refs count from `blog/` like those
of `blog/x.md`; but a `../` ref naming a file (`../y.md`) is a file path and counts from the
bundle folder. A section `_index.md` counts from its own folder.

Deviations: a language suffix in the ref (`post.zh.md`) selects that language (Hugo strips
it and silently links the current language); an empty ref is an error (Hugo: home page);
`/about/_index` works (the cross-references page says it does not; current Hugo finds it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .errors import SitegenError
from .model import NOT_FOUND, PAGE, PageKey
from .sources import split_language_suffix
from .suggest import Closest

REF_NOT_FOUND, AMBIGUOUS, UNPUBLISHED = "not-found", "ambiguous", "unpublished"
_LIST = "list"  # kind hint for `_index.md`: any of home, section, taxonomy, term
_NO_NAMES = Closest(())  # a language with no pages suggests nothing

# Why a page is unpublished -> how to get it built anyway.
_UNPUBLISHED_HINTS = (
    ("a draft", "publish it, or build with -D to preview"),
    ("dated in the future", "change its date, or build with -F to preview"),
)


@dataclass(frozen=True)
class RefTarget:
    """A page that refs may point at."""

    key: PageKey
    source: Path  # absolute path of the .md file
    content_root: Path  # the content folder it was found in
    bundle: bool  # leaf bundle (index.md)
    unpublished: str | None  # None if it will be published, else why not: "a draft"
    url: str | None  # site-relative URL when published
    permalink: str | None
    # From front matter, for cards of other pages (Blowfish's article and list):
    # shortcodes expand before any page is rendered, so nothing from a body here.
    title: str = ""
    date: datetime | None = None
    description: str = ""  # front matter `summary`, else `description`
    params: tuple[tuple[str, str], ...] = ()  # scalar front-matter params, for list's where=


@dataclass(frozen=True)
class Resolved:
    """A ref's target page and the anchor after `#` (without the `#`), or ""."""

    target: RefTarget
    anchor: str
    same_page: bool = False  # the ref was only `#x`: Hugo prints just `#x`, ref and relref alike


class RefError(SitegenError):
    """A ref that names no page, several pages, or a page that will not be published."""

    def __init__(
        self,
        message: str,
        hint: str | None = None,
        kind: str = REF_NOT_FOUND,
        path: Path | str | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        super().__init__(message, path, line, col, hint)
        self.message, self.hint, self.kind = message, hint, kind

    def located(self, path: Path | str, line: int | None = None, col: int | None = None) -> RefError:
        """Return the same error placed where the ref was written (only the caller knows)."""
        return RefError(self.message, self.hint, self.kind, path, line, col)


@dataclass(frozen=True)
class _Ref:
    """A ref taken apart once, so each lookup step is a dict access."""

    text: str  # as written, for messages
    parts: tuple[str, ...]  # path segments, `.`/`..` kept, file name reduced to a page name
    anchor: str
    absolute: bool  # leading `/`: from the content folder only
    dotted: bool  # leading `.`: from the page's folder only
    bare: bool  # no `/` at all: may be a site-wide unique name
    file_up: bool  # `../` and a file name: a file path, even from a bundle
    lang: str | None  # from a `.zh.md` suffix
    kind: str | None  # PAGE or _LIST when the file name says which


def _norm(path: str) -> str:
    # Hugo's logical paths are lower case with spaces as hyphens; compare in that form.
    return path.strip("/").lower().replace(" ", "-")


def _show(path: str) -> str:
    return f"/{path}/" if path else "/"


def _join(base: str, parts: Iterable[str]) -> str:
    """Apply parts to a folder. As Go's path.Join in Hugo's page finder, `..` stops at the
    content folder: "../../docs/x" from blog/ is docs/x, not an error."""
    stack = base.split("/") if base else []
    for part in parts:
        if part in ("", "."):
            continue
        if part == "..":
            if stack:
                stack.pop()
        else:
            stack.append(part)
    return _norm("/".join(stack))


def _relative_source(target: RefTarget) -> str:
    try:
        return target.source.relative_to(target.content_root).as_posix()
    except ValueError:  # a page without a file of its own (a generated term)
        return _show(_norm(target.key.path))


class RefIndex:
    """Every ref target of a site, indexed once so each ref costs a few dict lookups."""

    def __init__(self, targets: Iterable[RefTarget], languages: Sequence[str], default_language: str) -> None:
        # Default language first: it leads "exists in" hints and breaks no ties otherwise.
        codes = [default_language, *(c for c in languages if c != default_language)]
        self._languages = {c.lower(): c for c in codes}
        self.targets = tuple(dict.fromkeys(targets))  # for cards of other pages (article, list)
        self._by_path: dict[tuple[str, str], list[RefTarget]] = {}
        self._by_name: dict[tuple[str, str], list[RefTarget]] = {}
        for target in self.targets:
            lang, path = target.key.lang, _norm(target.key.path)
            if target.key.kind == NOT_FOUND:
                path = "404"  # Hugo's `relref "/404"`; its key path "" is the home page's
            self._by_path.setdefault((lang, path), []).append(target)
            if path and target.key.kind != NOT_FOUND:  # the home page has no name to be found by
                self._by_name.setdefault((lang, path.rpartition("/")[2]), []).append(target)
        # Did-you-mean, per language: indexed once, as a renamed folder asks thousands of times.
        self._paths = _closest_per_language(self._by_path, codes)
        self._names = _closest_per_language(self._by_name, codes)

    def resolve(self, ref: str, *, page: RefTarget, lang: str | None = None) -> Resolved:
        """Return the page `ref` names when written in `page`, or raise RefError."""
        path, hash_, anchor = ref.partition("#")
        if not path.strip():
            if not hash_:
                raise RefError("empty ref", 'write a path such as "/blog/my-post/", or "/" for the home page')
            # Linking to yourself is never a dead link, so no publish check here.
            return Resolved(page, anchor, same_page=True)
        r = self._parse(ref)
        want = self._language(r, page, lang)
        hits = self._find(r, want, page)
        if not hits:
            raise self._not_found(r, want, page)
        if len(hits) > 1:
            raise _ambiguous(r, hits)
        target = hits[0]
        if target.unpublished:
            raise _unpublished(r, target, shown_lang=want if want != page.key.lang else None)
        return Resolved(target, r.anchor)

    def get_page(self, path: str, *, page: RefTarget) -> RefTarget | None:
        """Hugo's `.Page.GetPage path`, which its embedded link hook asks: the page at a
        logical path (from the page's folder, then the content folder; never by a bare
        name) in the page's language, if it is published and the only one; else None."""
        if not path.strip() or "#" in path:
            return None
        r = self._parse(path)
        for candidate in self._candidate_paths(r, page):
            hits = _of_kind(self._by_path.get((r.lang or page.key.lang, candidate), []), r.kind)
            if hits:
                return hits[0] if len(hits) == 1 and hits[0].url is not None else None
        return None

    def _parse(self, ref: str) -> _Ref:
        path, _, anchor = ref.partition("#")
        path = path.strip().replace("\\", "/")
        body = path.strip("/")
        parts = body.split("/") if body else []
        kind = lang = None
        named_file = False
        if parts and parts[-1].lower().endswith(".md"):
            named_file, kind = True, PAGE
            parts[-1] = parts[-1][:-3]
            parts[-1], suffix = split_language_suffix(parts[-1], self._languages)
            lang = self._languages[suffix] if suffix else None
        if parts and parts[-1].lower() in ("index", "_index"):
            kind = _LIST if parts.pop().lower() == "_index" else PAGE
        return _Ref(
            ref,
            tuple(parts),
            anchor,
            path.startswith("/"),
            path.startswith("."),
            "/" not in path.rstrip("/"),
            named_file and path.startswith("../"),
            lang,
            kind,
        )

    def _language(self, r: _Ref, page: RefTarget, lang: str | None) -> str:
        if lang is not None and lang.lower() not in self._languages:
            raise RefError(
                f'ref "{r.text}" asks for language "{lang}", which is not configured',
                f"configured languages: {', '.join(self._languages.values())}",
            )
        asked = self._languages[lang.lower()] if lang is not None else None
        if r.lang and asked and r.lang != asked:
            raise RefError(
                f'ref "{r.text}" names language "{r.lang}" but lang is "{asked}"',
                f'drop the ".{r.lang}" from the file name, or the lang argument',
                AMBIGUOUS,
            )
        return r.lang or asked or page.key.lang

    def _candidate_paths(self, r: _Ref, page: RefTarget) -> list[str]:
        """Logical paths to try, in Hugo's order: page folder, then content folder."""
        tries = [] if r.absolute else [_join(self._base(r, page), r.parts)]
        if not r.dotted:
            tries.append(_join("", r.parts))
        return list(dict.fromkeys(tries))

    @staticmethod
    def _base(r: _Ref, page: RefTarget) -> str:
        own = _norm(page.key.path)
        if page.key.kind != PAGE:
            return own  # a list page's refs count from its own folder
        if page.bundle and r.file_up:
            return own  # `../y.md` from blog/x/index.md is a file path: blog/y
        return own.rpartition("/")[0]

    def _find(self, r: _Ref, lang: str, page: RefTarget) -> list[RefTarget]:
        for path in self._candidate_paths(r, page):
            hits = _of_kind(self._by_path.get((lang, path), []), r.kind)
            if hits:
                return hits
        if r.bare and r.parts:
            return _of_kind(self._by_name.get((lang, _norm(r.parts[-1])), []), r.kind)
        return []

    def _not_found(self, r: _Ref, lang: str, page: RefTarget) -> RefError:
        message = f'ref "{r.text}" not found'
        # Never fall back to another language (readers would land in the wrong one),
        # but say where it does exist.
        elsewhere = [c for c in self._languages.values() if c != lang and self._find(r, c, page)]
        if elsewhere:
            return RefError(
                message,
                f"it exists in: {', '.join(elsewhere)} (add a {lang} "
                f'translation, or link to that one with lang="{elsewhere[0]}")',
            )
        guess = self._suggest(r, lang, page)
        if guess is not None:
            return RefError(message, f'did you mean "{_show(guess)}"?')
        if r.absolute:
            return RefError(message, 'a path starting with "/" counts from the content folder')
        return RefError(
            message,
            'a path without a leading "/" counts from this page\'s folder, then from the content folder',
        )

    def _suggest(self, r: _Ref, lang: str, page: RefTarget) -> str | None:
        # A bare name was meant as a name: compare names first, or "siblign" written in
        # notes/deep/ would suggest its unrelated neighbour notes/deep/leaf.
        if r.bare and r.parts:
            name = self._names.get(lang, _NO_NAMES)(_norm(r.parts[-1]))
            hits = self._by_name.get((lang, name), []) if name is not None else []
            if len(hits) == 1:
                return _norm(hits[0].key.path)
        for attempt in self._candidate_paths(r, page):
            close = self._paths.get(lang, _NO_NAMES)(attempt)
            if close is not None:
                return close
        return None


def _closest_per_language(keys: Iterable[tuple[str, str]], codes: Sequence[str]) -> dict[str, Closest]:
    grouped: dict[str, list[str]] = {c: [] for c in codes}
    for lang, text in keys:
        grouped.setdefault(lang, []).append(text)
    return {lang: Closest(texts) for lang, texts in grouped.items()}


def _of_kind(targets: list[RefTarget], kind: str | None) -> list[RefTarget]:
    # `x.md` names a post and `x/_index.md` a list page: use that when a path has both.
    if kind == PAGE:
        return [t for t in targets if t.key.kind == PAGE]
    if kind == _LIST:
        return [t for t in targets if t.key.kind != PAGE]
    return targets


def _ambiguous(r: _Ref, hits: list[RefTarget]) -> RefError:
    hits = sorted(hits, key=_relative_source)
    names = ", ".join(_relative_source(t) for t in hits)
    return RefError(
        f'ref "{r.text}" is ambiguous: it matches {names}',
        f'use the full path, e.g. "{_show(_norm(hits[0].key.path))}"',
        AMBIGUOUS,
    )


def _unpublished(r: _Ref, target: RefTarget, shown_lang: str | None) -> RefError:
    reason = target.unpublished or ""
    hint = next(
        (h for start, h in _UNPUBLISHED_HINTS if reason.startswith(start)), "publish it, or remove the link"
    )
    where = f" in {shown_lang!r}" if shown_lang else ""  # a ref with lang="en" in a Chinese post
    return RefError(
        f'ref "{r.text}" points at a page that will not be published{where} ({reason})', hint, UNPUBLISHED
    )
