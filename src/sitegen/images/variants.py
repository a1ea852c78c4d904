"""Variant stage: a large raster image -> smaller copies and WebP, the same bytes every build.

Widths come from BREAKPOINTS (never wider than the original: no upscaling).
Every variant is encoded from the original's pixels with fixed settings and no
metadata (no EXIF, no ICC profile dates, no text chunks), so a build makes the
same bytes twice and publishes none of the camera's details. Encoding is the
slow part of a build with photos: each variant is kept in `.sitegen-cache/`
(`images.sqlite`) under a digest of the original's bytes, the settings and the
code, so a second build re-encodes nothing.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

from ..cache.store import Store, code_version, digest
from .probe import ImageFacts

BREAKPOINTS = (480, 800, 1200, 1600)
RESIZED = ("JPEG", "PNG", "WEBP")  # GIFs may be animated: they keep their one file
QUALITY = {"JPEG": 82, "WEBP": 80}
SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


@dataclass(frozen=True)
class Variant:
    """One smaller or WebP copy of an image, written next to it."""

    path: str  # output path, beside the original's
    width: int
    height: int
    format: str  # "JPEG", "PNG" or "WEBP"


def plan_variants(path: str, facts: ImageFacts) -> tuple[Variant, ...]:
    """The variants an image gets: each breakpoint narrower than it, in its own format
    and in WebP, and WebP at full width; none for a small image, a GIF or an SVG."""
    if facts.format not in RESIZED or facts.width <= BREAKPOINTS[0]:
        return ()
    widths = [w for w in BREAKPOINTS if w < facts.width]
    out = []
    original = PurePosixPath(path)
    for width in [*widths, facts.width]:
        height = max(1, round(facts.height * width / facts.width))
        formats = ["WEBP"] if width == facts.width else [facts.format, "WEBP"]
        for kind in dict.fromkeys(formats):
            if width == facts.width and kind == facts.format:
                continue  # the original itself
            name = f"{original.stem}-{width}w{SUFFIX[kind]}"
            out.append(Variant(str(original.with_name(name)), width, height, kind))
    return tuple(out)


def variant_key(source_digest: str, variant: Variant) -> str:
    """The cache key of a variant: the original's bytes, the settings, the code."""
    settings = (variant.width, variant.height, variant.format, QUALITY.get(variant.format))
    return digest("image-variant", code_version(), _pillow(), source_digest, settings)


def file_digest(source: Path) -> str:
    """A digest of a file's bytes."""
    return hashlib.blake2b(source.read_bytes(), digest_size=16).hexdigest()


def stored_variant(source: Path, source_digest: str, variant: Variant, store: Store | None) -> bytes:
    """A variant from the build cache, else encoded (and stored)."""
    if store is None:
        return encode_variant(source, variant)
    key = variant_key(source_digest, variant)
    found = store.get(key)  # sealed: a damaged entry is a miss
    if isinstance(found, str):
        try:
            return base64.b64decode(found, validate=True)
        except ValueError:
            pass
    data = encode_variant(source, variant)
    store.put(key, base64.b64encode(data).decode("ascii"))
    return data


def encode_variant(source: Path, variant: Variant) -> bytes:
    """Resize and encode one variant, without metadata."""
    from PIL import Image, ImageOps

    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original)  # the pixels as shown; the tag is dropped
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha and variant.format != "JPEG" else "RGB")
        if image.width != variant.width:
            image = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if variant.format == "JPEG":
            image.save(out, "JPEG", quality=QUALITY["JPEG"], optimize=True)
        elif variant.format == "WEBP":
            image.save(out, "WEBP", quality=QUALITY["WEBP"], method=4)
        else:
            image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _pillow() -> str:
    try:
        return metadata.version("pillow")
    except metadata.PackageNotFoundError:
        return ""
