"""The images fixture site, copied out of the repository with its photos drawn by Pillow.

tests/sites/images holds only text; each test gets its own copy in tmp_path
with the raster images made here, so no binary file is committed and a test
can damage or replace one without touching the others.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image, ImageDraw

from conftest import SITES

PHOTOS = {  # path in the site -> (width, height, format)
    "content/blog/alps/ridge.jpg": (2400, 1600, "JPEG"),
    "content/blog/alps/lake.png": (1000, 750, "PNG"),
    "content/blog/alps/stamp.jpg": (300, 200, "JPEG"),
    "content/blog/alps/featured.jpg": (1200, 630, "JPEG"),
    "static/img/default-social.png": (1200, 630, "PNG"),
}


def draw(path: Path, width: int, height: int, kind: str) -> None:
    """A striped picture with a camera's EXIF (date, maker), which copies must not keep."""
    image = Image.new("RGB", (width, height), (30, 60, 90))
    pen = ImageDraw.Draw(image)
    for x in range(0, width, 37):
        pen.rectangle([x, 0, x + 17, height], fill=((x * 7) % 256, (x * 3) % 256, 140))
    exif = Image.Exif()
    exif[0x0132] = "2025:07:14 06:12:00"  # DateTime
    exif[0x010F] = "Test Camera Co."  # Make
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, kind, exif=exif.tobytes()) if kind in ("JPEG", "PNG", "WEBP") else image.save(path, kind)


def make_images_site(tmp_path: Path) -> Path:
    """A fresh copy of tests/sites/images with its photos drawn; return its folder."""
    site = tmp_path / "images-site"
    shutil.copytree(SITES / "images", site)
    for rel, (width, height, kind) in PHOTOS.items():
        draw(site / rel, width, height, kind)
    return site
