"""The self-hosted math font (math/font.py): built pages, the subset, and what Chromium shows.

The screenshots are the proof that the subset is enough: the display-formula page
as shipped, on a machine with no math font (A), must look like the same page
drawn with the whole Latin Modern Math installed on the machine (B), and the
comparison must be able to fail: without math.css (C) the page looks very
different. The PNGs go to tests/_screenshots/ for a person to look at.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

from conftest import CHROMIUM, CHROMIUM_ARGS, NOW, SITES, build_site
from sitegen.math import font

SITE = SITES / "math-font"
REPO = Path(__file__).parents[1]
OTF = REPO / "src" / "sitegen" / "math" / "fonts" / "latinmodern-math.otf"
SHOTS = Path(__file__).parent / "_screenshots"
FORMULAS = "posts/formulas/index.html"  # zh-CN, the default language, at the root
# A and B may differ where the machine's font settings (hinting, antialiasing) treat an
# installed font and a web font apart; a missing glyph or a small \sum moves far more.
SAME = 0.002  # at most this share of the pixels may differ between A and B
DIFFERENT = 0.02  # C must differ from A in at least this share


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("math-font") / "public"
    build_site(SITE, out)
    return out


def math_chars(page: str) -> set[str]:
    return set(font.math_use([page]).chars)


def test_pages_with_math_link_the_stylesheet_and_preload_the_font(built: Path):
    pages = {
        "posts/formulas/index.html": True,
        "en/posts/formulas/index.html": True,
        "index.html": True,  # the home page lists the formula post's summary, with $\mathcal L$
        "posts/index.html": True,
        "tags/数学/index.html": True,
        "posts/plain/index.html": False,
        "en/posts/plain/index.html": False,
        "tags/随笔/index.html": False,  # lists only the post without math
        "tags/index.html": False,
    }
    for path, has in pages.items():
        html = (built / path).read_text("utf-8")
        stylesheet = '<link rel="stylesheet" href="/css/math.css">' in html
        preload = '<link rel="preload" href="/fonts/math.woff2" as="font" type="font/woff2" crossorigin>'
        assert stylesheet == has, path
        assert (preload in html) == has, path


def test_the_subset_is_a_renamed_math_font_with_every_character_used(built: Path):
    data = (built / "fonts" / "math.woff2").read_bytes()
    assert data[:4] == b"wOF2"
    subset = TTFont(io.BytesIO(data))
    assert "MATH" in subset and "FFTM" not in subset
    names = {r.nameID: r.toUnicode() for r in subset["name"].names if r.platformID == 3}
    assert names[1] == "sitegen Math LM subset" and "Latin Modern" not in names[4]
    assert names[6] == "sitegenMathLMsubset-Regular"
    full = set(TTFont(OTF).getBestCmap())
    used = set()
    for page in built.rglob("*.html"):
        used |= math_chars(page.read_text("utf-8"))
    cmap = set(subset.getBestCmap())
    # every character a formula shows that Latin Modern Math has (not the Chinese in \text)
    missing = {c for c in used if ord(c) in full and ord(c) not in cmap}
    assert not missing, missing
    assert ord("𝑥") in cmap and ord("∑") in cmap and ord("√") in cmap  # math italic x, sum, radical
    for unused in "∮ℵ⊗QZ𝑄𝑍":  # in the font, in no formula of the site
        assert ord(unused) in full and ord(unused) not in cmap, unused
    # the MATH table's variants came along: the sum has a display size, ( an assembly
    glyphs = set(subset.getGlyphOrder())
    variants = subset["MATH"].table.MathVariants.VertGlyphConstruction
    coverage = subset["MATH"].table.MathVariants.VertGlyphCoverage.glyphs
    paren = subset.getBestCmap()[ord("(")]
    construction = variants[coverage.index(paren)]
    assert construction.VariantCount > 3 and construction.GlyphAssembly is not None
    assert all(v.VariantGlyph in glyphs for v in construction.MathGlyphVariantRecord)


def test_the_script_face_comes_with_the_font_and_the_css_has_no_counter(built: Path):
    css = (built / "css" / "math.css").read_text("utf-8")
    assert 'url("../fonts/math.woff2")' in css and 'url("../fonts/math-script.woff2")' in css
    assert "tmlEqnNo" not in css and ".tml-eqn::before" not in css
    assert "MIT" in css and "GUST" in css  # the licence notes travel with the file
    assert (built / "fonts" / "math-script.woff2").read_bytes()[:4] == b"wOF2"
    # always written with the font (a browser fetches a face only where text uses it)
    files = font.math_files(["<math><mi>x</mi><mo>+</mo><mn>1</mn></math>"])
    assert [path for path, _ in files] == ["css/math.css", "fonts/math.woff2", "fonts/math-script.woff2"]


def test_two_builds_give_the_same_bytes(tmp_path: Path, built: Path):
    font.subset_font.cache_clear()  # made again, not taken from this process's cache
    build_site(SITE, tmp_path / "again", cache=False)
    for name in ("fonts/math.woff2", "fonts/math-script.woff2", "css/math.css"):
        assert (tmp_path / "again" / name).read_bytes() == (built / name).read_bytes(), name


def test_a_site_that_ships_its_own_math_css_gets_no_subset(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "static" / "css").mkdir(parents=True)
    (site / "static" / "css" / "math.css").write_text("math { font-family: math; }\n")
    build_site(site, tmp_path / "out")
    assert (tmp_path / "out" / "css" / "math.css").read_text() == "math { font-family: math; }\n"
    assert not (tmp_path / "out" / "fonts").exists()


def test_a_font_the_site_ships_at_fonts_math_woff2_is_kept(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "static" / "fonts").mkdir(parents=True)
    (site / "static" / "fonts" / "math.woff2").write_bytes(b"the site's own")
    build_site(site, tmp_path / "out")
    assert (tmp_path / "out" / "fonts" / "math.woff2").read_bytes() == b"the site's own"
    assert (tmp_path / "out" / "css" / "math.css").is_file()  # still ours, pointing at it


def test_a_serve_update_that_adds_a_character_gets_a_new_subset(tmp_path: Path, monkeypatch):
    from sitegen.config import load_config
    from sitegen.make import make_site
    from sitegen.serve.incremental import finish_update, update_post

    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    made = make_site(load_config(site), cache=False)
    before = {f.path: f.data for f in made.files}
    assert ord("∮") not in TTFont(io.BytesIO(before["fonts/math.woff2"])).getBestCmap()
    post = (site / "content/posts/formulas/index.en.md").resolve()
    post.write_text(post.read_text("utf-8") + "\n$$\n\\oint_C \\omega\n$$\n", "utf-8")
    update = update_post(made, post)
    assert update is not None
    files = {f.path: f.data for f in finish_update(update).files}
    assert ord("∮") in TTFont(io.BytesIO(files["fonts/math.woff2"])).getBestCmap()
    fresh = {f.path: f.data for f in make_site(load_config(site), cache=False).files}
    assert files["fonts/math.woff2"] == fresh["fonts/math.woff2"]


def test_the_font_weight(built: Path, tmp_path: Path, capsys):
    """Not a limit: the figures, printed for the report (pytest -s)."""
    fixture = (built / "fonts" / "math.woff2").stat().st_size
    build_site(REPO, tmp_path / "bundled")
    bundled = tmp_path / "bundled" / "fonts" / "math.woff2"
    whole = TTFont(OTF, recalcTimestamp=False)
    whole.flavor = "woff2"
    out = io.BytesIO()
    whole.save(out)
    sizes = f"fixture {fixture} B, bundled site {bundled.stat().st_size if bundled.exists() else 0} B"
    with capsys.disabled():
        print(f"\nmath font subset: {sizes}; whole font as woff2 {len(out.getvalue())} B")
    assert fixture < len(out.getvalue()) / 10


# ---------- what Chromium shows ----------


def fonts_conf(folder: Path, extra_dir: Path | None) -> Path:
    """A fontconfig file: the machine's fonts without its math font (DejaVu Math TeX
    Gyre on Debian), plus `extra_dir`'s fonts as if installed."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    add = f"<dir>{extra_dir}</dir>" if extra_dir else ""
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{add}\n<cachedir>{folder / 'cache'}</cachedir>\n"
        "<selectfont><rejectfont><glob>*Math*</glob></rejectfont></selectfont>\n</fontconfig>\n"
    )
    return conf


@pytest.fixture(scope="module")
def chromiums(tmp_path_factory):
    """Two Chromiums: one on a machine with no math font, one with Latin Modern Math installed."""
    from playwright.sync_api import sync_playwright

    root = tmp_path_factory.mktemp("fontconfig")
    installed = root / "installed-fonts"
    installed.mkdir()
    # the vendored file, under a name the *Math* rejection does not catch
    shutil.copy(OTF, installed / "lm-installed.otf")
    bare = fonts_conf(root / "bare", None)
    with_lm = fonts_conf(root / "with-lm", installed)
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: .ci/run installs Debian's chromium"
    with sync_playwright() as p:
        launched = {
            name: p.chromium.launch(
                executable_path=CHROMIUM,
                args=CHROMIUM_ARGS,
                headless=True,
                env={**os.environ, "FONTCONFIG_FILE": str(conf)},
            )
            for name, conf in (("bare", bare), ("with-lm", with_lm))
        }
        yield launched
        for b in launched.values():
            b.close()


def shot(browser, url: str, name: str, width: int = 800) -> tuple[Image.Image, str]:
    """A full-page screenshot, and the font Chromium really drew the first display \\sum with."""
    page = browser.new_page(viewport={"width": width, "height": 600}, device_scale_factor=1)
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    data = page.screenshot(full_page=True, animations="disabled", caret="hide")
    drawn_with = sum_font(page)
    page.close()
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / name).write_bytes(data)
    return Image.open(io.BytesIO(data)).convert("RGB"), drawn_with


def sum_font(page) -> str:
    """The family of the font file Chromium used for the first \\sum (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "math munderover > mo"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return ", ".join(f["familyName"] for f in fonts)


def share_different(a: Image.Image, b: Image.Image) -> float:
    """The share of pixels that differ by more than a faint antialiasing step."""
    if a.size != b.size:
        width, height = max(a.width, b.width), max(a.height, b.height)
        a, b = (pad(i, width, height) for i in (a, b))
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 40 else 0)
    return sum(diff.histogram()[255:]) / (a.width * a.height)


def pad(image: Image.Image, width: int, height: int) -> Image.Image:
    canvas = Image.new("RGB", (width, height), (255, 0, 255))
    canvas.paste(image)
    return canvas


def width_of(browser, family: str) -> float:
    page = browser.new_page()
    page.set_content(f"<span id=s style='font: 40px {family}'>∑∫√(𝑥+𝑦)ℒ</span>", wait_until="load")
    width = page.evaluate("document.getElementById('s').getBoundingClientRect().width")
    page.close()
    return width


def test_latin_modern_math_is_installed_only_in_the_second_chromium(chromiums):
    bare, with_lm = chromiums["bare"], chromiums["with-lm"]
    assert width_of(bare, '"Latin Modern Math", serif') == width_of(bare, "serif")
    assert width_of(with_lm, '"Latin Modern Math", serif') != width_of(with_lm, "serif")
    # and the machine's own math font is really gone: `math` is plain serif there
    assert width_of(bare, "math") == width_of(bare, "serif")


def test_the_shipped_font_looks_like_latin_modern_math_installed(chromiums, built, tmp_path, serve_folder):
    # B: the same pages and CSS, but the subset missing, so math.css falls through to
    # the installed "Latin Modern Math": the whole font, every glyph and variant.
    installed = tmp_path / "installed"
    shutil.copytree(built, installed)
    (installed / "fonts" / "math.woff2").unlink()
    # C: no math.css at all: the browser's default math font and the theme's rules.
    default = tmp_path / "default"
    shutil.copytree(built, default)
    (default / "css" / "math.css").unlink()
    a, a_font = shot(chromiums["bare"], f"{serve_folder(built)}/{FORMULAS}", "math-font-A-shipped.png")
    b, b_font = shot(
        chromiums["with-lm"], f"{serve_folder(installed)}/{FORMULAS}", "math-font-B-installed.png"
    )
    c, c_font = shot(chromiums["bare"], f"{serve_folder(default)}/{FORMULAS}", "math-font-C-no-math-css.png")
    # each was drawn with the font it is meant to show: else the comparison proves nothing
    assert (a_font, b_font) == ("sitegen Math LM subset", "Latin Modern Math")
    assert "Latin Modern" not in c_font and "sitegen" not in c_font, c_font
    a_b, a_c = share_different(a, b), share_different(a, c)
    print(f"\nA vs B: {a_b:.5f} of the pixels differ; A vs C: {a_c:.5f}")
    assert a.size == b.size
    assert a_b <= SAME, a_b
    assert a_c >= DIFFERENT, a_c


def test_a_wide_display_formula_scrolls_instead_of_widening_a_phone_page(chromiums, built, serve_folder):
    page = chromiums["bare"].new_page(viewport={"width": 360, "height": 700})
    page.goto(f"{serve_folder(built)}/{FORMULAS}", wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    overflowing = page.evaluate(
        "[...document.querySelectorAll('math.tml-display')]"
        ".filter(m => m.scrollWidth > m.clientWidth + 1).length"
    )
    assert overflowing >= 1  # the matrices line is wider than a phone: it scrolls
    page.close()


def test_math_follows_the_text_colour_in_dark_mode(chromiums, built, serve_folder):
    page = chromiums["bare"].new_page(color_scheme="dark")
    page.goto(f"{serve_folder(built)}/{FORMULAS}", wait_until="networkidle")
    colours = page.evaluate(
        "[getComputedStyle(document.body).color,"
        " getComputedStyle(document.querySelector('math mfrac')).color,"
        " getComputedStyle(document.querySelector('math msqrt')).color]"
    )
    page.close()
    assert colours[0] == colours[1] == colours[2]
    assert colours[0] == "rgb(227, 230, 234)", colours  # the theme's dark --fg, light on dark


def test_sums_parentheses_radicals_and_wide_hats_grow_with_the_subset(chromiums, built, serve_folder):
    """What the MATH table's variants are for, measured: each must be far taller (or
    wider) than the same character at text size. Without them (no math.css, no math
    font on the machine) they stay small, which the same measure shows."""

    def sizes(folder: Path) -> dict[str, float]:
        page = chromiums["bare"].new_page()
        page.goto(f"{serve_folder(folder)}/{FORMULAS}", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        found = page.evaluate(
            """() => {
            const box = el => el.getBoundingClientRect();
            const maths = [...document.querySelectorAll('math.tml-display')];
            const frac = maths[2].querySelector('mrow > mfrac');
            return {
              sum: box(maths[0].querySelector('munderover > mo')).height
                 / box(maths[0].querySelector('munderover').parentElement.nextElementSibling).height,
              paren: box(maths[2].querySelector('mo[stretchy="true"]')).height / box(frac).height,
              root: box(maths[3].querySelector('msqrt')).height
                 / box(maths[3].querySelector('msqrt > mfrac')).height,
              hat: box(maths[3].querySelector('mover > mo')).width
                 / box(maths[3].querySelector('mover > mrow')).width,
            };
        }"""
        )
        page.close()
        return found

    shipped = sizes(built)
    assert shipped["sum"] > 1.6, shipped  # display size: well taller than the i beside it
    assert shipped["paren"] > 1.3, shipped  # taller than the a/b it wraps
    assert shipped["root"] > 1.2, shipped  # the radical reaches above the fraction
    assert shipped["hat"] > 0.8, shipped  # across x y z
    bare = Path(str(built) + "-no-math-css")
    if not bare.exists():
        shutil.copytree(built, bare)
        (bare / "css" / "math.css").unlink()
    default = sizes(bare)
    print(f"\nshipped {shipped}\nno math.css {default}")
    assert default["sum"] < shipped["sum"] and default["paren"] < 1.3 and default["hat"] < 0.8, default


def test_an_equation_number_sits_at_the_right_edge_of_the_column(chromiums, built, serve_folder):
    page = chromiums["bare"].new_page(viewport={"width": 800, "height": 600})
    page.goto(f"{serve_folder(built)}/{FORMULAS}", wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    gap = page.evaluate(
        """() => {
        const tag = document.querySelector('mtr.tml-tageqn .tml-tag');
        const math = tag.closest('math');
        return math.getBoundingClientRect().right - tag.getBoundingClientRect().right;
    }"""
    )
    page.close()
    assert 0 <= gap < 5, gap  # (1) at the right, as KaTeX and LaTeX set it, not beside the formula


def test_the_next_build_takes_the_subset_from_the_cache_and_a_damaged_entry_is_a_miss(tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    build_site(site, tmp_path / "one")
    first = (tmp_path / "one" / "fonts" / "math.woff2").read_bytes()

    font.subset_font.cache_clear()  # as a new `sitegen build` process starts

    def never(chars):
        raise AssertionError("the subset was made again")

    monkeypatch.setattr(font, "subset_font", never)
    build_site(site, tmp_path / "two")
    assert (tmp_path / "two" / "fonts" / "math.woff2").read_bytes() == first

    # a poisoned cache: every entry's bytes changed; the build makes the subset anew
    import sqlite3

    from sitegen.cache.store import cache_root

    db = sqlite3.connect(cache_root(site) / "fonts.sqlite")
    with db:
        assert db.execute("UPDATE entries SET value = replace(value, X'41', X'42')").rowcount == 1
    db.close()
    monkeypatch.undo()
    font.subset_font.cache_clear()
    build_site(site, tmp_path / "three")
    assert (tmp_path / "three" / "fonts" / "math.woff2").read_bytes() == first
