"""Menus in built pages: `[[menus.main]]` / `[[menus.footer]]` in sitegen.toml and front
matter `menu:`, rendered by the default theme's header and footer.

tests/sites/menus/ is a bilingual sitegen.toml site under a base path (/blog/): root
menus for English, Chinese with menus of its own, pageRef and url entries, pre/post
HTML, front-matter entries with and without a parent. The rules themselves were
checked against Hugo 0.168 (see menus.py; test_hugo_menus.py compares a Hugo site
with the real binary's output).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import NOW, SITES, Html, build_site, run_cli

SITE = SITES / "menus"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    return copy


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("menus") / "site"
    shutil.copytree(SITE, site)
    result = run_cli("build", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # every pageRef found, no duplicates
    return site / "public"


def page(public: Path, path: str) -> Html:
    return Html((public / path / "index.html").read_text(encoding="utf-8"))


def entries(html: Html, nav: str = "nav.site-nav") -> list[tuple[str, str, str]]:
    """(text, href, aria-current) of every link in a menu, in document order."""
    return [(a.text, a.attrs["href"], a.attrs.get("aria-current", "")) for a in html.select(f"{nav} a")]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_header_shows_the_main_menu_in_hugos_order(public: Path):
    # weight first, entries without a weight last, then names ignoring case;
    # a page's own weight (setup: 3) counts when its entry sets none
    assert entries(page(public, "")) == [
        ("First new", "relative/page/", ""),  # a relative url is left as written
        ("guides", "/blog/guides/", ""),
        ("Deploy", "/blog/guides/deploy/", ""),
        ("Setting up", "/blog/guides/setup/", ""),  # no name: the page's linkTitle (title)
        ("alpha & <b>", "/blog/about-us/", ""),  # a site path: lowercased, '-', base path
        ("Zeta", "https://zeta.example/", ""),
    ]


def test_children_are_a_sub_list_of_their_parent(public: Path):
    home = page(public, "")
    assert [a.text for a in home.select("nav.site-nav li.has-children ul.submenu a")] == [
        "Deploy",
        "Setting up",
    ]
    assert [a.text for a in home.select("nav.site-nav ul.submenu")] == ["Deploy Setting up"]
    # the section list (and the taxonomies) are gone: the menu replaces them
    assert "Tags" not in home.select("header")[0].text


def test_the_current_page_and_its_menu_ancestors_are_marked(public: Path):
    setup = entries(page(public, "guides/setup"))
    assert ("Setting up", "/blog/guides/setup/", "page") in setup
    assert ("guides", "/blog/guides/", "true") in setup  # its section, and its parent entry
    assert [e for e in setup if e[2]] == [setup[1], setup[3]]
    guides = entries(page(public, "guides"))
    assert [e for e in guides if e[2]] == [("guides", "/blog/guides/", "page")]


def test_pre_and_post_are_html_and_names_are_text(public: Path):
    html = (public / "index.html").read_text(encoding="utf-8")
    assert '<svg class="icon" aria-hidden="true"></svg>First <em>new</em></a>' in html
    assert ">alpha &amp; &lt;b&gt;</a>" in html


def test_the_footer_shows_the_footer_menu(public: Path):
    assert entries(page(public, ""), "nav.footer-nav") == [("Contact", "/blog/contact/", "")]
    assert entries(page(public, "contact"), "nav.footer-nav") == [("Contact", "/blog/contact/", "page")]


def test_a_language_with_menus_of_its_own_uses_only_those(public: Path):
    zh = page(public, "zh/guides/setup")
    # the root's menus are not merged in (Hugo replaces the whole table), so no footer
    assert entries(zh) == [
        ("安装", "/blog/zh/guides/setup/", "page"),  # front matter, in this language only
        ("指南", "/blog/zh/guides/", "true"),  # pageRef found in Chinese
    ]
    assert zh.select("nav.footer-nav") == []


def test_menu_edits_show_on_every_page_of_a_warm_build(site: Path, tmp_path: Path):
    out = tmp_path / "public"
    build_site(site, out)
    edit(site / "sitegen.toml", 'name = "Zeta"', 'name = "Omega"')
    edit(site / "content/guides/deploy.md", "name: Deploy", "name: Ship")
    build_site(site, out)
    for path in ("index.html", "contact/index.html", "guides/setup/index.html"):
        text = (out / path).read_text(encoding="utf-8")
        assert ">Omega</a>" in text and ">Ship</a>" in text and "Zeta" not in text, path
    clean = tmp_path / "clean"
    build_site(site, clean, cache=False)
    assert _tree(out) == _tree(clean)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_front_matter_menu_edit_shows_on_every_page_after_a_serve_rebuild(site: Path, monkeypatch):
    from sitegen.serve.dev import Dev, ServeOptions
    from sitegen.serve.server import Broker, DevServer

    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)
    broker = Broker()
    server = DevServer(("127.0.0.1", 0), broker)
    try:
        dev = Dev(ServeOptions(source=site, port=0), server, broker)
        dev.rebuild(None)
        assert b">Deploy</a>" in server.snapshot.files["contact/index.html"]
        post = site / "content/guides/deploy.md"
        edit(post, "name: Deploy", "name: Ship it")
        dev.rebuild({post})
        edit(site / "sitegen.toml", 'name = "Contact"', 'name = "Write to us"')
        dev.rebuild({site / "sitegen.toml"})
        assert broker.problems == []
        for path in ("index.html", "contact/index.html", "guides/setup/index.html"):
            html = server.snapshot.files[path]
            assert b"Ship it</a>" in html and b">Deploy</a>" not in html, path
            assert b"Write to us</a>" in html, path
    finally:
        server.server_close()


def test_a_duplicate_front_matter_entry_warns_at_its_page(site: Path):
    (site / "content/guides/other.md").write_text(
        "---\ntitle: Other\ndate: 2026-03-03\nmenu:\n  main:\n    identifier: deploy\n---\nx\n",
        encoding="utf-8",
    )
    result = run_cli("build", cwd=site)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "content/guides/other.md:5:3: warning: duplicate menu entry 'deploy' in menu 'main':"
        " this page's is left out",
        "  hint: give it its own identifier, as Hugo asks: menu: {main: {identifier: x}}",
    ]


def test_a_pageref_that_finds_nothing_warns_and_links_to_its_url(site: Path):
    edit(site / "sitegen.toml", 'pageRef = "/contact.md"', 'pageRef = "/kontact"\nurl = "/contact/"')
    result = run_cli("build", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "sitegen.toml:35:1: warning: menu 'footer': pageRef '/kontact' finds no page in 'en':"
        ' ref "/kontact" not found'
    )
    assert "links to its url '/contact/', as in Hugo" in result.stderr
    home = Html((site / "public/index.html").read_text(encoding="utf-8"))
    assert entries(home, "nav.footer-nav") == [("Contact", "/blog/contact/", "")]


BAD_CONFIG = {
    'weight = 2\n\n[[menus.main]]\nname = "Zeta"': (
        'weight = 2\n\n[[menus.main]]\nweight = "heavy"\nname = "Zeta"',
        "sitegen.toml:21:1: menus.main entry 2: weight must be a whole number, not 'heavy'",
    ),
    'name = "Contact"': (
        'name = ["Contact"]',
        "sitegen.toml:36:1: menus.footer entry 1: name must be text, not a list",
    ),
    '[[menus.footer]]\nname = "Contact"': (
        '[[menus.footer]]\nparams = "x"\nname = "Contact"',
        "sitegen.toml:36:1: menus.footer entry 1: params must be a table, not 'x'",
    ),
}


@pytest.mark.parametrize("old", sorted(BAD_CONFIG))
def test_a_bad_entry_in_the_config_is_an_error_at_its_line(site: Path, old: str):
    new, expected = BAD_CONFIG[old]
    edit(site / "sitegen.toml", old, new)
    result = run_cli("build", cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == expected
    assert "Traceback" not in result.stderr


def test_a_menu_that_is_not_a_list_is_an_error(tmp_path: Path):
    (tmp_path / "sitegen.toml").write_text('title = "x"\n[menus]\nmain = "About"\n', encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "sitegen.toml:3:1: menus.main must be a list of menu entries, not 'About'"
    )


@pytest.mark.parametrize(
    ("menu", "expected"),
    [
        ("menu:\n  main: 3", "4:3: menu 'main' must be a table of entry settings, not int 3"),
        ("menu: [[a]]", "3:7: menu must be a menu name or a list of names, not a list"),
        (
            "menus:\n  main:\n    weight: heavy",
            "4:3: menu 'main': weight must be a whole number, not 'heavy'",
        ),
    ],
)
def test_a_bad_front_matter_menu_is_an_error_at_its_line(site: Path, menu: str, expected: str):
    (site / "content/guides/bad.md").write_text(f"---\ntitle: Bad\n{menu}\n---\nx\n", encoding="utf-8")
    result = run_cli("build", cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"content/guides/bad.md:{expected}"
    assert "Traceback" not in result.stderr


def test_what_hugo_accepts_loosely_is_read_as_hugo_reads_it(site: Path):
    # mapstructure's weak decoding, as Hugo 0.168 does it: "3" and 2.9 are weights,
    # a number is a name; a front-matter `menu: 5` is a menu called "5"
    edit(site / "sitegen.toml", 'name = "Zeta"', 'name = 7\nweight = "3"')
    edit(site / "sitegen.toml", 'name = "First"', 'name = "First"\nidentifier = 12')
    result = run_cli("build", cwd=site)
    assert result.returncode == 0, result.stderr
    names = [e[0] for e in entries(Html((site / "public/index.html").read_text(encoding="utf-8")))]
    assert names == ["First new", "guides", "Deploy", "Setting up", "7", "alpha & <b>"]


def test_section_pages_menu_adds_the_top_level_sections(tmp_path: Path):
    # The same site built by Hugo 0.168 gave: PostsLT /posts/ (weight 4), Docs /docs/,
    # X /x/ (the configured entry with identifier "notes" keeps the notes section out);
    # the nested section posts/sub adds nothing, and its pages mark Posts as current.
    (tmp_path / "sitegen.toml").write_text(
        'sectionPagesMenu = "main"\n[[menus.main]]\nname = "X"\nidentifier = "notes"\nurl = "/x/"\n',
        encoding="utf-8",
    )
    files = {
        "posts/_index.md": "title: Posts Sec\nlinkTitle: PostsLT\nweight: 4",
        "posts/sub/_index.md": "title: Sub",
        "posts/sub/a.md": "title: a\ndate: 2026-01-01",
        "notes/n.md": "title: n\ndate: 2026-01-01",
        "docs/d.md": "title: d\ndate: 2026-01-01",
    }
    for name, front in files.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}\n---\ntext\n", encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert entries(Html((tmp_path / "public/index.html").read_text(encoding="utf-8"))) == [
        ("PostsLT", "/posts/", ""),
        ("Docs", "/docs/", ""),
        ("X", "/x/", ""),
    ]
    nested = Html((tmp_path / "public/posts/sub/a/index.html").read_text(encoding="utf-8"))
    assert entries(nested)[0] == ("PostsLT", "/posts/", "true")


def test_build_options_decide_which_pages_add_entries(tmp_path: Path):
    # As Hugo 0.168 does (checked on the same pages): list local/never add nothing,
    # render: link adds a linked entry, render: never an entry with no link.
    (tmp_path / "sitegen.toml").write_text('title = "x"\n', encoding="utf-8")
    options = {
        "local": "list: local",
        "never": "list: never",
        "link": "render: link",
        "norender": "render: never",
    }
    for name, option in options.items():
        path = tmp_path / "content" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: {name.title()}\nmenu: main\nbuild:\n  {option}\n---\nx\n", encoding="utf-8"
        )
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    home = Html((tmp_path / "public/index.html").read_text(encoding="utf-8"))
    assert entries(home) == [("Link", "/link/", "")]
    assert [s.text for s in home.select("nav.site-nav span.menu-label")] == ["Norender"]


def test_a_site_path_keeps_its_query_and_fragment(site: Path):
    # Hugo 0.168 prints /blog/docs/my-pagexy#frag for this; the link is kept working instead
    edit(site / "sitegen.toml", 'url = "/About Us/"', 'url = "/Docs/My Page?X=Y#Frag"')
    edit(site / "sitegen.toml", 'url = "https://zeta.example/"', 'url = "//cdn.example/x"')
    assert run_cli("build", cwd=site).returncode == 0
    hrefs = [e[1] for e in entries(Html((site / "public/index.html").read_text(encoding="utf-8")))]
    assert "/blog/docs/my-page?X=Y#Frag" in hrefs and "//cdn.example/x" in hrefs
