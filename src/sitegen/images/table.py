"""Table stage: the build's copied files -> every image's size and variants, and the variant files.

Every copied image is probed (static files and bundle resources alike), since
a page may show any of them, and the table is what page rewriting and the
templates read. Its digest joins the output cache's key (cache/pages.py), so a
page kept from the last build never shows an image's old size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from ..cache.store import Store, digest
from ..errors import Problem, SitegenError
from ..model import OutputFile
from ..output import CopyFile
from ..parallel import run_all
from .probe import ImageFacts, Refused, is_image, probe
from .variants import Variant, file_digest, plan_variants, stored_variant


@dataclass(frozen=True)
class Picture:
    """One image of the site as pages show it: its size, and its smaller copies."""

    width: int
    height: int
    format: str
    variants: tuple[Variant, ...] = ()


@dataclass(frozen=True)
class ImageTable:
    """Output path of each copied image -> its Picture (an SVG without a size is absent)."""

    pictures: Mapping[str, Picture] = field(default_factory=dict)

    def get(self, path: str) -> Picture | None:
        """The picture at an output path, if it is an image the table knows."""
        return self.pictures.get(path)

    def version(self) -> str:
        """A digest of everything pages print about images."""
        return digest(sorted(self.pictures.items()))


def make_table(site_dir: Path, copies: Iterable[CopyFile]) -> tuple[ImageTable, list[Problem]]:
    """Probe every copied image; a damaged one is a warning, a hostile one an error."""
    copies = list(copies)
    files = [c for c in copies if is_image(c.path)]
    taken = {c.path for c in copies}
    pictures: dict[str, Picture] = {}
    problems: list[Problem] = []
    for copy in files:
        try:
            facts = probe(copy.source, site_dir)
        except Refused as exc:
            problems.append(exc.problem)
            continue
        except SitegenError as exc:
            problems.append(replace(exc.problem, severity="warning"))  # the page keeps a plain <img>
            continue
        if facts is not None:
            pictures[copy.path] = _picture(copy.path, facts, taken)
    return ImageTable(pictures), problems


def _picture(path: str, facts: ImageFacts, taken: set[str]) -> Picture:
    # a variant whose name a file of the site already has is left out: the site's file wins
    variants = tuple(v for v in plan_variants(path, facts) if v.path not in taken)
    return Picture(facts.width, facts.height, facts.format, variants)


def variant_files(
    table: ImageTable, sources: Mapping[str, Path], store: Store | None
) -> tuple[list[OutputFile], list[Problem]]:
    """Every variant's bytes, from the cache or encoded on every core.

    A bundle copied once per language is one source with several output
    paths: it is encoded once, and its bytes are written at each path."""
    groups: dict[tuple[Path, tuple[tuple[int, str], ...]], list[str]] = {}
    for path in sorted(p for p, picture in table.pictures.items() if picture.variants):
        # the same variants too: one a site file's name shadows is left out at that path only
        sizes = tuple((v.width, v.format) for v in table.pictures[path].variants)
        groups.setdefault((sources[path], sizes), []).append(path)
    by_first = {paths[0]: paths for paths in groups.values()}
    todo = sorted(by_first)
    work = partial(_encode_all, table, sources, store)
    files: list[OutputFile] = []
    problems: list[Problem] = []
    for outcome in run_all(todo, work):
        problems += outcome.errors + outcome.warnings
        if outcome.result is None:
            continue
        made = {(v.width, v.format): data for v, data in outcome.result}
        for path in by_first[outcome.key]:
            files += [OutputFile(v.path, made[v.width, v.format]) for v in table.pictures[path].variants]
    return files, problems


def _encode_all(
    table: ImageTable, sources: Mapping[str, Path], store: Store | None, path: str
) -> list[tuple[Variant, bytes]]:
    source = sources[path]
    picture = table.pictures[path]
    try:
        source_digest = file_digest(source)
        return [(v, stored_variant(source, source_digest, v, store)) for v in picture.variants]
    except (OSError, ValueError) as exc:  # the header read but the pixels are damaged
        raise SitegenError(f"cannot resize this image: {exc}", source) from None
