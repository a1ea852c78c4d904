"""Probe stage: an image file -> its size and format, read from its header only.

Pillow reads the header without decoding the pixels, so a decompression bomb
(a small file that claims 50,000 x 50,000 pixels) is refused before it costs
memory. SVG is text: its size comes from its width/height attributes, else its
viewBox, else it has none.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import UnidentifiedImageError

from .. import BUNDLED_THEMES
from ..errors import SitegenError

RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
SVG = ".svg"
# Larger than any photo a blog shows (a 12,000 x 8,000 panorama is 96 Mpx); past it
# decoding alone needs gigabytes, which is what a decompression bomb is after.
MAX_PIXELS = 100_000_000
_ORIENTATION, _TURNED = 0x0112, (5, 6, 7, 8)  # EXIF: browsers show the photo turned
_SVG_HEAD = 4096  # the root element's attributes are near the top of the file
_NUMBER = r"\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*"


class Refused(SitegenError):
    """An image that looks like an attack (a bomb, a link out of the site): an error,
    where a merely damaged one is a warning and keeps its plain `<img>`."""


@dataclass(frozen=True)
class ImageFacts:
    """What pages need to know of one image: its size in pixels and its format."""

    width: int
    height: int
    format: str  # "JPEG", "PNG", "WEBP", "GIF" or "SVG"


def is_image(path: str) -> bool:
    """Whether a file name is one of the image formats probed here."""
    suffix = Path(path).suffix.lower()
    return suffix in RASTER or suffix == SVG


def probe(source: Path, site_dir: Path) -> ImageFacts | None:
    """The size of an image file; None for an SVG without one.

    Raises SitegenError for a file that is damaged, leads outside the site, or
    claims more pixels than MAX_PIXELS."""
    inside(source, site_dir)
    if source.suffix.lower() == SVG:
        return probe_svg(source)
    return probe_raster(source)


def inside(source: Path, site_dir: Path) -> None:
    """Refuse an image that is a link to a file outside the site (and sitegen's themes).

    boundary.walk refuses such links already; decoding is where a file from
    elsewhere would do harm, so the rule is checked again right here."""
    real = source.resolve()
    if not any(root.resolve() in real.parents for root in (site_dir, *BUNDLED_THEMES)):
        raise Refused(
            "refusing an image that leads outside the site",
            source,
            hint=f"it is a link to {real}; copy the file into the site instead",
        )


def probe_raster(source: Path) -> ImageFacts:
    """Width, height and format from a raster image's header."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                width, height, kind = image.width, image.height, image.format or ""
                if image.getexif().get(_ORIENTATION) in _TURNED:  # shown turned a quarter
                    width, height = height, width
    except Image.DecompressionBombError:
        raise _too_large(source, f"far more than {MAX_PIXELS // 1_000_000} megapixels") from None
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise SitegenError(
            f"cannot read this image: {_reason(exc)}",
            source,
            hint="the file may be damaged or not an image; open it in an image viewer, or re-export it",
        ) from None
    if width * height > MAX_PIXELS:
        raise _too_large(source, f"{width} x {height} pixels, over {MAX_PIXELS // 1_000_000} megapixels")
    return ImageFacts(width, height, kind)


def _too_large(source: Path, size: str) -> Refused:
    return Refused(
        f"refusing an image of {size}",
        source,
        hint="decoding it would take gigabytes of memory (a decompression bomb?); resize it first",
    )


def _reason(exc: BaseException) -> str:
    """Pillow's message without the file name it quotes (the line already names the file)."""
    if isinstance(exc, UnidentifiedImageError):
        return "not an image format sitegen can read"
    text = re.sub(r"\s*'[^']*'", "", str(exc)).strip() or type(exc).__name__
    return re.sub(r"\s+", " ", text)


def probe_svg(source: Path) -> ImageFacts | None:
    """An SVG's size from its root element's width/height, else its viewBox."""
    try:
        head = source.read_bytes()[:_SVG_HEAD].decode("utf-8", "replace")
    except OSError as exc:
        raise SitegenError(f"cannot read this image: {exc.strerror or exc}", source) from None
    root = re.search(r"<svg\b([^>]*)>", head)
    if root is None:
        return None
    attrs = root.group(1)
    width, height = _length(attrs, "width"), _length(attrs, "height")
    if width and height:
        return ImageFacts(width, height, "SVG")
    box = re.search(
        r'\bviewBox\s*=\s*["\']' + _NUMBER + "[ ,]" + _NUMBER + "[ ,]" + _NUMBER + "[ ,]" + _NUMBER, attrs
    )
    if box:
        w, h = round(float(box.group(3))), round(float(box.group(4)))
        if w > 0 and h > 0:
            return ImageFacts(w, h, "SVG")
    return None


def _length(attrs: str, name: str) -> int | None:
    """A width or height in pixels; None for percentages, ems and the like."""
    found = re.search(rf'(?<![-\w]){name}\s*=\s*["\']{_NUMBER}["\']', attrs)
    if found is None:
        return None
    value = round(float(found.group(1)))
    return value if value > 0 else None
