"""Blowfish's layout shortcodes (tabs, accordion, timeline, steps, stats, feature-grid,
marquee, typeit) built from tests/sites/blowfish-layout/, a zh-CN + en site written
the way Blowfish's docs write them (tab bodies indented under their tags): structure,
text, roles, ids, where the scripts load, located errors, and in Chromium what the
scripts do with keyboard, clicks and reduced motion."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import SITES, Html, build_site, run_cli

SITE = SITES / "blowfish-layout"
SCRIPTS = ("tabs.js", "accordion.js", "marquee.js", "typeit.js")


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("layout") / "public"
    build_site(SITE, out)
    return out


def page(public: Path, lang: str, name: str) -> str:
    prefix = "en/" if lang == "en" else ""
    return (public / f"{prefix}posts/{name}/index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    """The post's own content, without the head (whose description repeats it)."""
    return html[html.index('<div class="content" data-pagefind-body>') : html.rindex("</article>")]


# Tabs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_panel_is_in_the_page_under_its_label(public: Path, lang: str):
    doc = Html(page(public, lang, "tabs"))
    sets = doc.select("div.tabs")
    assert len(sets) == 3
    labels = [el.text for el in doc.select("div.tabs div.tab-panel p.tab-label")]
    assert labels == ["Windows", "macOS", "Linux", "JavaScript", "Python", "JavaScript", "Python"]
    # the docs' indented bodies stay Markdown: fences are highlighted code, not text
    assert "```" not in content(page(public, lang, "tabs"))
    code = [el.attrs["data-lang"] for el in doc.select("div.tab-panel div.highlight")]
    assert code == ["pwsh", "pwsh", "bash", "javascript", "python"]
    link = doc.select("div.tab-panel a")[0]
    assert link.attrs["href"] == "https://code.visualstudio.com/docs/setup/linux"


def test_tab_text_is_kept_in_both_languages(public: Path):
    zh, en = content(page(public, "zh", "tabs")), content(page(public, "en", "tabs"))
    assert (
        "用 Chocolatey 安装：" in zh and 'print</span><span class="p">(</span><span class="s2">"你好"' in zh
    )
    assert "Install with Chocolatey:" in en and "<code>python app.py</code>" in en


def test_tab_ids_are_unique_and_the_same_on_every_build(public: Path, tmp_path: Path):
    html = page(public, "en", "tabs")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    tab_ids = [i for i in ids if i.startswith("tab")]
    # the page's path, then the tag's line and column
    assert tab_ids[:3] == ["tabs-posts-tabs-7-1", "tab-posts-tabs-9-5", "tab-posts-tabs-23-5"]
    again = tmp_path / "again"
    build_site(SITE, again)
    assert (again / "en/posts/tabs/index.html").read_text(encoding="utf-8") == html


def test_ids_stay_unique_on_list_pages_showing_several_summaries(public: Path):
    # short-tabs.md opens its tabs on the same line and column as tabs.md
    listing = (public / "posts" / "index.html").read_text(encoding="utf-8")
    assert 'id="tabs-posts-short-tabs-7-1"' in listing and 'id="tabs-posts-tabs-7-1"' in listing
    ids = re.findall(r' id="([^"]+)"', listing)
    assert len(ids) == len(set(ids))


def test_tabs_pass_group_and_default_to_the_script(public: Path):
    sets = Html(page(public, "en", "tabs")).select("div.tabs")
    assert [s.attrs.get("data-group") for s in sets] == [None, "lang", "lang"]
    assert [s.attrs.get("data-default") for s in sets] == [None, "Python", None]


def test_tab_icon_sits_before_its_label(public: Path):
    label = Html(page(public, "en", "tabs")).select("div.tab-panel p.tab-label")[3]
    assert label.text == "JavaScript"
    assert re.search(
        r'<p class="tab-label"><svg class="icon icon-code"[^>]*>.*?</svg> JavaScript</p>',
        page(public, "en", "tabs"),
    )


def test_tabs_inside_a_list_item_stay_inside_it(public: Path):
    doc = Html(page(public, "en", "tabs"))
    in_list = doc.select("ol li div.tabs")
    assert len(in_list) == 1 and in_list[0].attrs["data-group"] == "lang"
    assert [li.text for li in doc.select("div.content ol li") if "done" in li.text] == ["Then you are done."]


# Accordion


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_accordion_items_are_details_with_their_title_as_summary(public: Path, lang: str):
    doc = Html(page(public, lang, "accordion"))
    accordions = doc.select("div.accordion")
    assert [a.attrs["data-mode"] for a in accordions] == ["collapse", "open"]
    assert "accordion-separated" in accordions[1].attrs["class"]
    items = doc.select("div.accordion details.accordion-item")
    assert len(items) == 4
    assert ["open" in item.attrs for item in items] == [True, False, False, False]
    titles = [el.text for el in doc.select("details summary span.accordion-title")]
    if lang == "en":
        assert titles == [
            "Does this need JavaScript?",
            "Can it hold code?",
            "Tabs inside",
            "The old header spelling",
        ]
    assert "align-center" in items[3].attrs["class"]  # align=center
    assert len(doc.select("details div.accordion-body div.tabs div.tab-panel")) == 2  # nested tabs
    assert len(doc.select("details div.accordion-body div.highlight")) == 1  # indented fence


def test_accordion_summary_has_its_icon_and_a_chevron(public: Path):
    html = content(page(public, "en", "accordion"))
    icon_then_title = (
        r'<summary><svg class="icon icon-code"[^>]*>.*?</svg> <span class="accordion-title">Can it'
    )
    assert re.search(icon_then_title, html, re.S)
    assert html.count("icon-chevron-down") == 4


# Timeline, steps, stats, feature-grid, marquee


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_timeline_is_an_ordered_list_of_cards(public: Path, lang: str):
    doc = Html(page(public, lang, "timeline"))
    items = doc.select("ol.timeline li.timeline-item")
    assert len(items) == 3
    icons = re.findall(
        r'<span class="timeline-icon"><svg class="icon icon-([a-z-]+)"', page(public, lang, "timeline")
    )
    assert icons == ["github", "code", "check"]  # check when no icon is given, as in Blowfish
    if lang == "en":
        assert [h.text for h in doc.select("li.timeline-item h3.timeline-header")] == [
            "Open source",
            "Bilingual",
            "Install",
        ]
        assert [b.text for b in doc.select("span.timeline-badge")] == ["2024 - present", "2025"]
        assert [s.text for s in doc.select("p.timeline-subheader")] == ["The first release"]
    assert [li.text for li in doc.select("div.timeline-body ul li")] == ["中文", "English"]
    assert len(doc.select("li.timeline-item div.timeline-body div.tabs div.tab-panel")) == 2


def test_steps_number_their_titles_and_default_to_blowfish_words(public: Path):
    doc = Html(page(public, "en", "cards"))
    steps = doc.select("ol.steps li.step")
    assert [s.text for s in doc.select("li.step span.step-number")] == ["1", "2", "•"]
    assert [s.text for s in doc.select("li.step h3.step-title")] == ["Install Hugo", "Create a site", "Step"]
    assert len(steps) == 3
    html = content(page(public, "en", "cards"))
    assert '<h3 class="step-title">Install <strong>Hugo</strong></h3>' in html
    assert '<span class="step-number" aria-hidden="true">•</span>' in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_stats_show_value_label_and_optional_text(public: Path, lang: str):
    doc = Html(page(public, lang, "cards"))
    grid = doc.select("div.stats")
    assert len(grid) == 1 and "cols-4" in grid[0].attrs["class"]
    assert [v.text for v in doc.select("div.stat p.stat-value")] == ["1M+", "100%", "0"]
    bodies = doc.select("div.stat div.stat-body")
    assert len(bodies) == 1  # the bare {{< stat >}} and the empty pair have none
    labels = [v.text for v in doc.select("div.stat p.stat-label")]
    assert labels == (["Downloads", "Offline", "Trackers"] if lang == "en" else ["下载", "离线", "跟踪器"])


def test_feature_cards_have_icon_heading_level_and_link(public: Path):
    for lang, label in (("en", "Learn more"), ("zh", "了解更多")):
        html = content(page(public, lang, "cards"))
        doc = Html(html)
        cards = doc.select("div.feature-grid article.feature")
        assert len(cards) == 2
        assert re.findall(r"<(h\d) class=\"feature-title\">", html) == ["h2", "h3"]
        assert "icon-shield" in html and "icon-wand-magic-sparkles" in html  # Blowfish's default icon
        links = doc.select("article.feature a.feature-link")
        assert [a.text for a in links] == [label]
        assert links[0].attrs["href"] == ("/en/posts/tabs/" if lang == "en" else "/posts/tabs/")


def test_marquee_lists_its_items_once_for_readers_and_names_itself(public: Path):
    doc = Html(page(public, "en", "cards"))
    marquee = doc.select("div.marquee")[0]
    assert marquee.attrs["role"] == "marquee" and marquee.attrs["aria-label"] == "Partners"
    assert "--marquee-speed: 30s" in doc.select("div.marquee-track")[0].attrs["style"]
    items = doc.select("div.marquee div.marquee-content .marquee-item")
    assert [i.text for i in items] == ["Python", "Hugo", "Blowfish"]  # the loop's copy is marquee.js's
    link = doc.select("div.marquee a.marquee-item")[0]
    assert (link.attrs["href"], link.attrs["target"], link.attrs["rel"]) == (
        "https://gohugo.io/",
        "_blank",
        "noopener noreferrer",
    )
    img = doc.select("div.marquee img.marquee-icon")[0]
    assert img.attrs["src"] == "/img/python.svg" and img.attrs["alt"] == ""


# TypeIt


def test_typeit_keeps_the_whole_text_in_the_html(public: Path):
    html = content(page(public, "en", "typeit"))
    doc = Html(html)
    typed = doc.select(".typeit")
    assert [t.tag for t in typed] == ["div", "h2", "h3"]
    assert [len(doc.select(f"{t.tag}.typeit span.typeit-line")) for t in typed] == [1, 2, 2]
    assert typed[1].text == "Lorem ipsum dolor sit amet, consectetur adipiscing elit."
    assert "The Godfather (1972)" in typed[2].text
    third = typed[2].attrs
    assert "quote" in third["class"].split()
    assert (third["data-speed"], third["data-break-lines"], third["data-loop"]) == ("50", "false", "true")
    assert third["data-initial-string"] == "..." and typed[1].attrs["data-life-like"] == "true"
    assert [t.attrs["id"] for t in typed] == [
        "typeit-posts-typeit-5-1",
        "typeit-posts-typeit-9-1",
        "typeit-posts-typeit-17-1",
    ]
    assert "“我们都是追梦人。”" in content(page(public, "zh", "typeit"))


def test_each_script_loads_only_on_pages_that_use_its_shortcode(public: Path):
    wanted = {
        "tabs": {"tabs.js"},
        "accordion": {"tabs.js", "accordion.js"},
        "timeline": {"tabs.js"},
        "cards": {"marquee.js"},
        "typeit": {"typeit.js"},
    }
    for lang in ("zh", "en"):
        for name, scripts in wanted.items():
            html = page(public, lang, name)
            assert {s for s in SCRIPTS if f'src="/js/{s}"' in html} == scripts, (lang, name)
    plain = page(public, "zh", "plain")
    assert not any(s in plain for s in SCRIPTS)
    for script in SCRIPTS:
        assert (public / "js" / script).stat().st_size < 4000  # small and sitegen's own


# Mistakes


def one_post(tmp_path: Path, body: str) -> Path:
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "sitegen.toml").write_text('baseURL = "https://x.example/"\ntitle = "x"\n', encoding="utf-8")
    text = "---\ntitle: Post\ndate: 2026-01-01\n---\n" + textwrap.dedent(body)
    (site / "content" / "posts" / "p.md").write_text(text, encoding="utf-8")
    return site


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ('{{< tab label="A" >}}x{{< /tab >}}\n', "5:1", "tab is used outside tabs"),
        ("{{< tabs >}}\n{{< tab >}}x{{< /tab >}}\n{{< /tabs >}}\n", "6:1", 'tab needs label="…"'),
        (
            "{{< typeit tag=script >}}x{{< /typeit >}}\n",
            "5:1",
            "typeit tag=script is not one it can type into",
        ),
        ('{{< typeit speed="fast" >}}x{{< /typeit >}}\n', "5:1", "typeit speed=fast is not a number"),
        ("{{< typeit loop=yes >}}x{{< /typeit >}}\n", "5:1", "typeit loop=yes is neither true nor false"),
        ('\n{{< marquee speed="slow" >}}{{< /marquee >}}\n', "6:1", "marquee speed=slow is not a number"),
        (
            "{{< accordion >}}{{< accordionItem >}}x{{< /accordionItem >}}{{< /accordion >}}",
            "5:18",
            "accordionItem needs title",
        ),
    ],
)
def test_bad_arguments_are_located_errors(tmp_path: Path, body: str, where: str, message: str):
    done = run_cli("build", "-s", one_post(tmp_path, body), "-d", tmp_path / "out")
    assert done.returncode == 1
    assert f"content/posts/p.md:{where}: {message}" in done.stderr
    assert "Traceback" not in done.stderr


def test_items_outside_their_list_warn_and_stay_valid_html(tmp_path: Path):
    body = """\
        {{< timelineItem header="Alone" >}}x{{< /timelineItem >}}

        {{< step title="Lonely" >}}y{{< /step >}}

        {{< accordion mode="single" >}}{{< accordionItem title="t" >}}z{{< /accordionItem >}}
        {{< /accordion >}}
        """
    done = run_cli("build", "-s", one_post(tmp_path, body), "-d", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "p.md:5:1: warning: timelineItem is used outside a timeline" in done.stderr
    assert "p.md:7:1: warning: step is used outside steps" in done.stderr
    assert "p.md:9:1: warning: accordion mode=single is neither collapse nor open" in done.stderr
    html = (tmp_path / "out/posts/p/index.html").read_text(encoding="utf-8")
    assert '<ol class="timeline"><li class="timeline-item">' in html
    assert '<ol class="steps"><li class="step">' in html


# In a browser


@pytest.fixture(scope="module")
def site_url(public: Path, serve_folder) -> str:
    return serve_folder(public)


def test_tabs_script_builds_aria_tabs_driven_by_the_keyboard(browser, site_url: str):
    tab = browser.new_page()
    tab.goto(f"{site_url}/en/posts/tabs/")
    first = tab.locator("#tabs-posts-tabs-7-1")
    tabs = first.locator("[role=tablist] [role=tab]")
    assert tabs.all_inner_texts() == ["Windows", "macOS", "Linux"]
    assert tabs.nth(0).get_attribute("aria-selected") == "true"
    assert first.locator("[role=tabpanel]:visible").count() == 1
    assert tabs.nth(1).get_attribute("tabindex") == "-1"
    tabs.nth(0).focus()
    tab.keyboard.press("ArrowRight")
    assert tabs.nth(1).get_attribute("aria-selected") == "true"
    assert tab.evaluate("document.activeElement.id") == "tab-posts-tabs-23-5-tab"
    assert (
        first.locator("#tab-posts-tabs-23-5").is_visible()
        and not first.locator("#tab-posts-tabs-9-5").is_visible()
    )
    tab.keyboard.press("End")
    assert tabs.nth(2).get_attribute("aria-selected") == "true"
    tab.keyboard.press("ArrowRight")  # wraps round
    assert tabs.nth(0).get_attribute("aria-selected") == "true"
    panel = tab.locator("#tab-posts-tabs-9-5")
    assert panel.get_attribute("aria-labelledby") == "tab-posts-tabs-9-5-tab"
    assert not panel.locator(".tab-label").is_visible()  # the tab carries the label now
    tab.close()


def test_tabs_default_and_group_switch_together(browser, site_url: str):
    tab = browser.new_page()
    tab.goto(f"{site_url}/en/posts/tabs/")
    second, in_list = tab.locator("#tabs-posts-tabs-37-1"), tab.locator("#tabs-posts-tabs-54-4")
    assert second.locator("[role=tab][aria-selected=true]").inner_text() == "Python"  # default="Python"
    assert in_list.locator("[role=tab][aria-selected=true]").inner_text() == "JavaScript"
    in_list.locator("[role=tab]", has_text="Python").click()
    assert second.locator("[role=tab][aria-selected=true]").inner_text() == "Python"
    second.locator("[role=tab]", has_text="JavaScript").click()
    assert in_list.locator("[role=tab][aria-selected=true]").inner_text() == "JavaScript"
    assert in_list.locator("[role=tabpanel]:visible").inner_text().strip() == "Run node app.js."
    tab.close()


def test_collapse_accordion_keeps_one_item_open(browser, site_url: str):
    tab = browser.new_page()
    tab.goto(f"{site_url}/en/posts/accordion/")
    collapse = tab.locator(".accordion[data-mode=collapse] > details")
    collapse.nth(1).locator("summary").click()
    tab.wait_for_function("!document.querySelector('.accordion[data-mode=collapse] > details').open")
    assert collapse.nth(1).evaluate("d => d.open")
    several = tab.locator(".accordion[data-mode=open] > details")
    several.nth(0).locator("summary").click()
    several.nth(1).locator("summary").focus()
    tab.keyboard.press("Enter")
    assert several.nth(0).evaluate("d => d.open") and several.nth(1).evaluate("d => d.open")
    tab.close()


def test_typeit_types_a_copy_and_keeps_the_text_for_screen_readers(browser, site_url: str):
    tab = browser.new_page()
    tab.goto(f"{site_url}/en/posts/typeit/")
    first = tab.locator("#typeit-posts-typeit-5-1")
    assert first.locator(".visually-hidden").inner_text() == "Lorem ipsum dolor sit amet"
    assert first.locator(".typeit-shown").get_attribute("aria-hidden") == "true"
    tab.wait_for_function(
        "document.querySelector('#typeit-posts-typeit-5-1 .typeit-shown').textContent"
        " === 'Lorem ipsum dolor sit amet'",
        timeout=10_000,
    )
    tab.close()


def test_reduced_motion_leaves_text_and_marquee_still(browser, site_url: str):
    context = browser.new_context(reduced_motion="reduce")
    tab = context.new_page()
    tab.goto(f"{site_url}/en/posts/typeit/")
    assert tab.locator(".typeit-shown").count() == 0
    assert (
        tab.locator("#typeit-posts-typeit-9-1").inner_text()
        == "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit."
    )
    tab.goto(f"{site_url}/en/posts/cards/")
    assert tab.locator(".marquee-copy").count() == 0
    context.close()


def test_marquee_script_adds_an_inert_hidden_copy(browser, site_url: str):
    tab = browser.new_page()
    tab.goto(f"{site_url}/en/posts/cards/")
    copy = tab.locator(".marquee-copy")
    assert copy.count() == 1
    assert copy.get_attribute("aria-hidden") == "true" and copy.evaluate("el => el.inert")
    assert tab.locator(".marquee-track").evaluate("el => getComputedStyle(el).animationName") == "marquee"
    tab.close()


def test_fixture_pages_copy_cleanly(tmp_path: Path):
    """The fixture builds with the CLI too, with no warnings (it is all valid use)."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    done = run_cli("build", "-s", site, "-d", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
