"""Images in built pages (sitegen/images/): sizes, smaller copies, lazy loading, the cache,
and refusing damaged or hostile files. The site is tests/sites/images with its photos
drawn at test time (image_site.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import build_site, read_html, run_cli
from image_site import draw, make_images_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_images_site(tmp_path)


def images_of(page: Path) -> list[dict[str, str]]:
    return [dict(e.attrs) for e in read_html(page).select("img")]


def test_every_local_image_has_its_width_and_height(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    build_site(site, out)
    found = {i["src"]: (i.get("width"), i.get("height")) for i in images_of(out / "blog/alps/index.html")}
    assert found == {
        "/blog/alps/ridge.jpg": ("2400", "1600"),  # Markdown, in a bundle
        "/blog/alps/lake.png": ("1000", "750"),  # the figure shortcode
        "/img/logo.svg": ("120", "40"),  # static/, from the SVG's viewBox
        "/blog/alps/stamp.jpg": ("300", "200"),
    }


def test_the_first_image_loads_at_once_and_the_others_lazily(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    build_site(site, out)
    images = images_of(out / "blog/alps/index.html")
    assert "loading" not in images[0] and "decoding" not in images[0]
    assert all(i["loading"] == "lazy" and i["decoding"] == "async" for i in images[1:]), images


def test_a_large_jpeg_gets_smaller_copies_and_webp_never_wider_than_itself(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    build_site(site, out)
    html = (out / "blog/alps/index.html").read_text()
    ridge = next(i for i in images_of(out / "blog/alps/index.html") if i["src"].endswith("ridge.jpg"))
    widths = {480: 320, 800: 533, 1200: 800, 1600: 1067}
    assert ridge["srcset"] == ", ".join(
        [*(f"/blog/alps/ridge-{w}w.jpg {w}w" for w in widths), "/blog/alps/ridge.jpg 2400w"]
    )
    assert ridge["sizes"]
    webp = re.search(r'<picture><source type="image/webp" srcset="([^"]+)"', html)
    assert webp and webp.group(1).endswith("/blog/alps/ridge-2400w.webp 2400w")
    for width, height in widths.items():
        for suffix, kind in ((".jpg", "JPEG"), (".webp", "WEBP")):
            with Image.open(out / f"blog/alps/ridge-{width}w{suffix}") as copy:
                assert (copy.format, copy.size) == (kind, (width, height))
                assert not copy.getexif(), "the camera's EXIF is not published"
    # the 1000 px PNG: 480 and 800 only; the 300 px stamp and the SVG get no copies at all
    assert sorted(p.name for p in (out / "blog/alps").glob("lake-*")) == [
        "lake-1000w.webp", "lake-480w.png", "lake-480w.webp", "lake-800w.png", "lake-800w.webp",
    ]  # fmt: skip
    assert not list((out / "blog/alps").glob("stamp-*")) and not list((out / "img").glob("logo-*"))
    assert (out / "img/logo.svg").read_bytes() == (site / "static/img/logo.svg").read_bytes()
    stamp = next(i for i in images_of(out / "blog/alps/index.html") if i["src"].endswith("stamp.jpg"))
    assert "srcset" not in stamp


def test_two_builds_are_byte_identical_with_and_without_the_cache(site: Path, tmp_path: Path):
    first, second, third = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    build_site(site, first, cache=False)
    build_site(site, second, cache=False)
    build_site(site, third)  # fills the cache
    build_site(site, third / ".." / "d")  # from the cache

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
        }

    a = tree(first)
    assert any(name.endswith("-480w.webp") for name in a)
    assert a == tree(second) == tree(third) == tree(tmp_path / "d")


def test_a_second_build_reencodes_nothing(site: Path, tmp_path: Path, monkeypatch):
    from sitegen.images import variants

    build_site(site, tmp_path / "public")
    (site / "content/blog/alps/index.md").write_text(
        (site / "content/blog/alps/index.md").read_text() + "\nOne more line.\n"
    )

    def refuse(*args):
        raise AssertionError("re-encoded an image the cache holds")

    monkeypatch.setattr(variants, "encode_variant", refuse)  # forked workers inherit it
    build_site(site, tmp_path / "public")
    assert "One more line." in (tmp_path / "public/blog/alps/index.html").read_text()


def test_a_new_photo_under_the_same_name_changes_the_sizes_of_kept_pages(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    build_site(site, out)
    draw(site / "content/blog/alps/stamp.jpg", 360, 240, "JPEG")
    build_site(site, out)
    stamp = next(i for i in images_of(out / "blog/alps/index.html") if i["src"].endswith("stamp.jpg"))
    assert (stamp["width"], stamp["height"]) == ("360", "240")


def test_a_damaged_image_is_one_located_warning_and_keeps_a_plain_img(site: Path):
    (site / "content/blog/alps/stamp.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    done = run_cli("build", "-s", str(site))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if "stamp.jpg" in line]
    assert lines and re.fullmatch(
        r".*content/blog/alps/stamp\.jpg: warning: cannot read this image: .+", lines[0]
    )
    stamp = next(i for i in images_of(site / "public/blog/alps/index.html") if i["src"].endswith("stamp.jpg"))
    assert "width" not in stamp and stamp["loading"] == "lazy"


def test_a_decompression_bomb_is_refused_before_it_is_decoded(site: Path):
    # 12,000 x 9,000 one-bit pixels: a few kilobytes of PNG that would decode to 108 Mpx
    Image.new("1", (12000, 9000)).save(site / "content/blog/alps/stamp.png")
    done = run_cli("build", "-s", str(site))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert re.search(
        r"content/blog/alps/stamp\.png: refusing an image of 12000 x 9000 pixels, over 100 megapixels\n"
        r"  hint: .*decompression bomb",
        done.stderr,
    ), done.stderr
    assert not (site / "public").exists(), "nothing is published"


def test_an_image_linked_from_outside_the_site_is_refused(site: Path, tmp_path: Path):
    secret = tmp_path / "elsewhere.jpg"
    draw(secret, 900, 600, "JPEG")
    os.symlink(secret, site / "content/blog/alps/outside.jpg")
    done = run_cli("build", "-s", str(site))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "outside.jpg" in done.stderr and str(secret) in done.stderr, done.stderr
    assert not (site / "public").exists()


def test_the_card_of_a_post_offers_small_copies_of_its_featured_image(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    build_site(site, out)
    [card] = [dict(c.attrs) for c in read_html(out / "index.html").select("a.post-card-image img")]
    assert (card["src"], card["width"], card["height"], card["alt"]) == (
        "/blog/alps/featured.jpg",
        "1200",
        "630",
        "",
    )
    assert card["srcset"].startswith("/blog/alps/featured-480w.jpg 480w, /blog/alps/featured-800w.jpg 800w")
    assert "loading" not in card, "the first card is the page's first image"
    zh = read_html(out / "zh/index.html").select("a.post-card-image img")
    assert [dict(c.attrs)["src"] for c in zh] == ["/zh/blog/alps/featured.jpg"]
    assert (out / "blog/alps/featured-480w.jpg").is_file()


def test_the_image_pages_are_valid_html(site: Path, tmp_path: Path):
    from test_html_valid import describe, vnu

    out = tmp_path / "public"
    build_site(site, out)
    messages = vnu([out])
    assert messages == [], describe(messages, out)


def test_serve_keeps_sizes_and_copies_after_an_edit_to_a_post(site: Path):
    from sitegen.config import load_config
    from sitegen.make import make_site
    from sitegen.serve.incremental import finish_update, update_post

    made = make_site(load_config(site), cache=False)
    post = site / "content/blog/alps/index.md"
    post.write_text(post.read_text() + "\nWritten while serving.\n")
    update = update_post(made, post.resolve())
    assert update is not None, "a body edit takes the one-page path"
    html = update.page.data.decode()
    assert (
        "Written while serving." in html
        and 'width="2400" height="1600"' in html
        and "ridge-480w.webp" in html
    )
    after = finish_update(update)
    assert "blog/alps/ridge-480w.webp" in {f.path for f in after.files}, "the copies are still served"
