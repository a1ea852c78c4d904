"""The images of one build, made once: table, variant files, page rewriter and template globals.

In: the config, the build's copies and the build cache's image store.
Out: `SiteImages`, which make.py keeps in its `Parts` so that serve's one-page
updates reuse it (the variants are not encoded again for an edit to a post).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import jinja2

from ..cache.store import Store
from ..config import SiteConfig
from ..errors import Problem
from ..model import OutputFile
from ..output import CopyFile
from .featured import FeaturedImages
from .rewrite import Rewriter
from .table import ImageTable, make_table, variant_files


@dataclass(frozen=True)
class SiteImages:
    """What a build knows and made of its images."""

    table: ImageTable
    variants: tuple[OutputFile, ...]
    rewriter: Rewriter
    featured: FeaturedImages

    def pages(self, files: Iterable[OutputFile]) -> list[OutputFile]:
        """The rendered files, each page's `<img>` tags sized and offered in smaller copies."""
        return [self.rewriter.file(f) for f in files]

    def install(self, env: jinja2.Environment) -> None:
        """Give templates `featured_image(page)`, `social_image(page)` and
        `structured_data(page, description)` (sharing.py)."""
        from ..sharing import StructuredData  # it imports featured.py: no import cycle at load

        env.globals["featured_image"] = self.featured.featured_image
        env.globals["social_image"] = self.featured.social_image
        env.globals["structured_data"] = StructuredData(self.featured.config, self.featured).script


def prepare_images(
    config: SiteConfig, copies: list[CopyFile], store: Store | None, *, encode: bool = True
) -> tuple[SiteImages, list[Problem]]:
    """Probe every copied image and (unless not `encode`: `sitegen check`) make its variants."""
    table, problems = make_table(config.site_dir, copies)
    variants: list[OutputFile] = []
    if encode and not any(p.severity == "error" for p in problems):
        variants, more = variant_files(table, {c.path: c.source for c in copies}, store)
        problems += more
    rewriter = Rewriter(table, config.base_url, config.base_path)
    return SiteImages(table, tuple(variants), rewriter, FeaturedImages(config, table)), problems


def variant_paths(images: SiteImages) -> list[str]:
    """Every variant's output path, for the link check, without encoding any."""
    return [v.path for picture in images.table.pictures.values() for v in picture.variants]
