"""Menus as Hugo 0.168 builds them: `tests/sites/hugo-menus/` printed by Hugo and by sitegen.

The fixture is a bilingual Hugo site (zh-CN first) whose menus come from
config/_default/menus.<lang>.toml and from front matter in both languages: pageRef
and url entries, one without a name (the page's linkTitle), a parent with children,
a parent no entry defines, pre/post HTML, a pageRef that finds nothing, and an About
page that only the menus link to. Its Go layouts print `site.Menus.main` and
`.footer` as nested lists in `<nav class="site-nav">` and `<nav class="footer-nav">`,
with `aria-current` from IsMenuCurrent / HasMenuCurrent, which is what sitegen's
default theme prints too.

What Hugo printed is kept in `tests/expected/hugo-menus/menus.txt` (the menus of
every page); `test_kept_menus_are_what_hugo_prints` proves it with the real binary,
and `SITEGEN_REGEN=1` rewrites it. The URLs and page bodies are test_hugo_parity.py's,
which compares every `tests/sites/hugo-*` site, this one included.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import regen_enabled, run_cli
from test_hugo_parity import build_with_hugo, outputs

SITE = Path(__file__).parent / "sites" / "hugo-menus"
EXPECTED = Path(__file__).parent / "expected" / "hugo-menus"
NAVS = ("site-nav", "footer-nav")


class _MenuReader(HTMLParser):
    """The menus of one page: each entry's text, href, aria-current and depth."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nav: str | None = None
        self.depth = 0  # <ul> nesting inside the nav
        self.entry: dict[str, str] | None = None  # the <a>/<span> being read
        self.inside = 0  # <a>/<span> open within it: pre and post may hold spans
        self.rows: list[tuple[str, int, str, str, str]] = []  # nav, depth, text, href, current

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "nav" and self.nav is None:
            self.nav = next((c for c in classes if c in NAVS), None)
        elif self.nav and tag == "ul":
            self.depth += 1
        elif self.nav and tag in ("a", "span"):
            if self.entry is None:  # an entry with no link: Hugo prints href="", sitegen a <span>
                current = found.get("aria-current") or ""
                self.entry = {"href": found.get("href") or "", "current": current, "text": ""}
            self.inside += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.nav, self.depth = None, 0
        elif self.nav and tag == "ul":
            self.depth -= 1
        elif self.nav and self.entry is not None and tag in ("a", "span"):
            self.inside -= 1
            if self.inside == 0:
                e = self.entry
                self.rows.append((self.nav, self.depth, " ".join(e["text"].split()), e["href"], e["current"]))
                self.entry = None

    def handle_data(self, data: str) -> None:
        if self.entry is not None:
            self.entry["text"] += data


def menus_of(html: str) -> list[str]:
    reader = _MenuReader()
    reader.feed(html)
    return [
        f"{nav} {'  ' * (depth - 1)}{text} -> {href or '(no link)'}{f' [{cur}]' if cur else ''}"
        for nav, depth, text, href, cur in reader.rows
    ]


def menu_listing(public: Path, urls: list[str]) -> list[str]:
    rows = []
    for url in urls:
        rows.append(f"== {url}")
        rows += menus_of((public / url.lstrip("/") / "index.html").read_text(encoding="utf-8"))
    return rows


def kept(name: str) -> list[str]:
    return (EXPECTED / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("sitegen") / "site"
    shutil.copytree(SITE, site)
    result = run_cli("build", cwd=site, env={"SITEGEN_CACHEDIR": str(site / ".cache")})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return site, result.stderr


def test_every_pages_menus_are_hugos(built: tuple[Path, str]):
    """Names, hrefs, nesting, order and the current entry, on every page, both languages."""
    site, _ = built
    assert menu_listing(site / "public", kept("pages.txt")) == kept("menus.txt")


def test_the_about_page_is_reached_through_the_menus_only(built: tuple[Path, str]):
    site, _ = built
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    main = home.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert "/about/" not in main  # not listed on the home page...
    assert 'href="/about/"' in home.split("</header>", 1)[0]  # ...but in the header
    assert 'href="/en/about/"' in (site / "public/en/index.html").read_text(encoding="utf-8")


def test_a_pageref_that_finds_nothing_warns_at_its_entry(built: tuple[Path, str]):
    _, stderr = built
    assert (
        "config/_default/menus.zh-cn.toml:43:1: warning: menu 'footer': pageRef '/old-posts'"
        " finds no page in 'zh-cn'"
    ) in stderr
    assert "Hugo setting" not in stderr  # menus are no longer among the ignored settings


def test_kept_menus_are_what_hugo_prints(tmp_path: Path):
    site, _ = build_with_hugo(SITE, tmp_path)
    pages = outputs(site / "public")["pages"]
    assert pages == kept("pages.txt")  # kept by test_hugo_parity.py: the pages to read
    rows = menu_listing(site / "public", pages)
    if regen_enabled():
        EXPECTED.mkdir(parents=True, exist_ok=True)
        (EXPECTED / "menus.txt").write_text("".join(f"{row}\n" for row in rows), encoding="utf-8")
    assert rows == kept("menus.txt")
