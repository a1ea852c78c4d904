"""Blowfish's embeds and Hugo's remaining built-ins, built end to end
(tests/sites/blowfish-embeds/, zh-CN first, English second): repository cards,
importers, gist / x / instagram facades, qr, comment and chart."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp

SITE = Path(__file__).parent / "sites" / "blowfish-embeds"


def build(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("embeds") / "site"
    shutil.copytree(SITE, site)
    result = build(site)
    assert result.returncode == 0, result.stderr
    return site / "public", result.stderr


@pytest.fixture(scope="module")
def public(built: tuple[Path, str]) -> Path:
    return built[0]


def content(public: Path, page: str) -> str:
    html = (public / page / "index.html").read_text(encoding="utf-8")
    start = html.index('<div class="content" data-pagefind-body>')
    return html[start : html.index("</article>", start)]


def small_site(root: Path, body: str, config: str = "") -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content" / "p.md").write_text(f"---\ntitle: P\n---\n{body}\n", encoding="utf-8")
    (root / "sitegen.toml").write_text(f'title = "T"\n{config}', encoding="utf-8")
    return root


# repository cards


def test_a_card_links_the_repository_with_its_name_and_host_icon(public: Path):
    html = content(public, "posts/cards")
    card = html[html.index('<div class="repo-card repo-card-github">') :]
    assert '<a class="repo-card-link" href="https://github.com/nunocoracao/blowfish"' in card
    assert '<svg class="icon icon-github"' in card.split("</a>")[0]
    assert 'aria-label="GitHub"' in card.split("</a>")[0]
    assert '<span class="repo-card-name">nunocoracao/blowfish</span>' in card


def test_every_host_gets_its_link_and_icon(public: Path):
    html = content(public, "posts/cards")
    for host, href, name in [
        ("gitlab", "https://gitlab.com/projects/278964", "GitLab 项目 278964"),
        ("gitlab", "https://gitlab.example.org/gitlab-org/gitlab-runner", "gitlab-org/gitlab-runner"),
        ("gitea", "https://gitea.com/gitea/tea", "gitea/tea"),  # params.giteaDefaultServer
        ("forgejo", "https://v11.next.forgejo.org/a/mastodon", "a/mastodon"),
        ("codeberg", "https://codeberg.org/forgejo/forgejo", "forgejo/forgejo"),
        ("huggingface", "https://huggingface.co/openai-community/gpt2", "openai-community/gpt2"),
        ("huggingface", "https://huggingface.co/datasets/stanfordnlp/imdb", "stanfordnlp/imdb"),
    ]:
        at = html.index(f'href="{href}"')
        card = html[html.rindex("<div class=", 0, at) : html.index("</div>", at)]
        assert f'class="repo-card repo-card-{host}"' in card
        assert f'<svg class="icon icon-{host}"' in card
        assert f'<span class="repo-card-name">{name}</span>' in card


def test_english_gitlab_card_and_a_description_in_markdown(public: Path):
    assert '<span class="repo-card-name">GitLab project 278964</span>' in content(public, "en/posts/cards")
    html = content(public, "posts/cards")
    assert "building <strong>websites</strong>.</span>" in html
    assert '<span class="repo-card-detail">dataset</span>' in html


def test_a_card_in_a_list_item_stays_in_the_list(public: Path):
    html = content(public, "posts/cards")
    item = html[html.index("<li>") : html.index("</li>")]
    assert 'href="https://codeberg.org/Codeberg/Community"' in item


def test_cards_do_not_warn(built: tuple[Path, str]):
    assert "cards" not in built[1]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('{{< github repo="blowfish" >}}', 'github repo="blowfish" is not in the form owner/name'),
        ('{{< codeberg repo="a/b/c" >}}', 'codeberg repo="a/b/c" is not in the form owner/name'),
        ('{{< github repo="a/b?x=1" >}}', 'github repo="a/b?x=1" is not in the form owner/name'),
        ('{{< gitea repo="a/b" >}}', 'gitea needs server="https://…" (or params.giteaDefaultServer'),
        ('{{< forgejo repo="a/b" server="ftp://x" >}}', 'forgejo server="ftp://x" is not an http(s) URL'),
        ("{{< gitlab >}}", 'gitlab projectID="" is not in the form owner/name'),
        ("{{< huggingface >}}", 'huggingface needs model="owner/name" or dataset="owner/name"'),
        ("{{< gist octocat >}}", "gist needs a user and a gist ID"),
        ("{{< x user=a >}}", "x needs the post's numeric id"),
        ('{{< tweet user="a" id="abc" >}}', 'tweet needs the post\'s numeric id, not "abc"'),
        ("{{< instagram >}}", "instagram needs the post's ID"),
        ("{{< qr />}}", 'qr needs text="…" or text between its tags'),
        ('{{< qr text="a" level="max" />}}', "qr level must be low, medium, quartile or high, not 'max'"),
        ('{{< qr text="a" scale=1 />}}', "qr scale must be a whole number of 2 or more, not '1'"),
        ('{{< codeimporter url="missing.py" >}}', "codeimporter: no file 'missing.py' beside the page"),
        (
            '{{< codeimporter url="../../etc/passwd" >}}',
            "codeimporter url='../../etc/passwd' is outside the site's content",
        ),
        ('{{< mdimporter url="a.md" startLine="x" >}}', "startLine must be a line number from 1, not 'x'"),
        ('{{< codeimporter url="a.md" startLine=3 endLine=2 >}}', "endLine 2 comes before startLine 3"),
        ('{{< codeimporter url="a.md" startLine=9 >}}', "startLine 9 is past the end of a.md (4 lines)"),
        ("{{< chart >}}{{< /chart >}}", "chart needs a Chart.js config between its tags"),
    ],
)
def test_bad_arguments_are_located_errors(tmp_path: Path, call: str, message: str):
    site = small_site(tmp_path / "s", f"Text.\n\n{call}\n")
    (site / "content" / "a.md").write_text("---\ntitle: A\n---\nline\n", encoding="utf-8")
    result = build(site)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"content/p.md:6:1: {message}"), result.stderr
    assert "Traceback" not in result.stderr


# importers


def test_a_remote_import_warns_at_the_call_and_links_the_file(built: tuple[Path, str]):
    public, stderr = built
    assert (
        "content/posts/imports/index.md:7:1: warning: content not fetched: https://raw.githubusercontent.com/"
        "nunocoracao/blowfish/main/config/_default/hugo.toml (sitegen does not fetch at build time)"
    ) in stderr
    assert (
        "content/posts/imports/index.md:11:1: warning: content not fetched: https://example.com/README.md"
        " (sitegen does not fetch at build time)"
    ) in stderr
    html = content(public, "posts/imports")
    assert (
        '<a class="import-url" href="https://raw.githubusercontent.com/nunocoracao/blowfish/main/config/'
        '_default/hugo.toml">' in html
    )
    # a raw.githubusercontent.com file also gets its github.com page, at the lines asked for
    assert (
        '<a class="import-blob" href="https://github.com/nunocoracao/blowfish/blob/main/config/_default/'
        'hugo.toml#L11-L18">在 GitHub 上查看</a>' in html
    )
    assert '<a class="import-url" href="https://example.com/README.md">' in html
    assert "import-blob" not in html.split("README.md")[1].split("</div>")[0]
    en = content(public, "en/posts/imports")
    assert ">View on GitHub</a>" in en and "Not fetched at build time" in en


def test_a_local_code_import_is_highlighted_and_cut_to_its_lines(public: Path):
    html = content(public, "posts/imports")
    blocks = re.findall(r'<div class="highlight"[^>]*>.*?</div>', html, re.DOTALL)
    assert len(blocks) == 3
    ranged, whole, site_file = blocks
    assert 'data-lang="python"' in ranged and "fib" not in ranged and "return" not in ranged
    assert '<span class="mi">0</span>' in ranged and "range" in ranged
    assert 'data-lang="python"' in whole  # from the .py extension
    assert '<span class="nf">fib</span>' in whole and '<span class="k">return</span>' in whole
    assert 'data-lang="go"' in site_file and "main" in site_file and "not imported" not in site_file


def test_editing_an_imported_file_rebuilds_the_page_that_imports_it(tmp_path: Path):
    site = small_site(tmp_path / "s", 'Text.\n\n{{< codeimporter url="a.py" >}}\n')
    (site / "content" / "a.py").write_text("x = 1\n", encoding="utf-8")
    assert build(site).returncode == 0
    (site / "content" / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert build(site).returncode == 0  # the page's cached render read the old file
    html = (site / "public" / "p" / "index.html").read_text(encoding="utf-8")
    assert '<span class="mi">2</span>' in html


def test_a_local_markdown_import_is_rendered(public: Path):
    html = content(public, "posts/imports")
    assert '<div class="import-markdown">\n<h2 id="imported-notes">Imported notes</h2>' in html
    assert '<em>emphasis</em> and a <a href="https://example.org/notes">link</a>' in html


def test_a_remote_import_with_raw_html_off_takes_only_linkable_urls(tmp_path: Path):
    config = "[markup.goldmark.renderer]\nunsafe = false\n"
    site = small_site(tmp_path / "s", 'Text.\n\n{{< mdimporter url="javascript:alert(1)//x" >}}\n', config)
    result = build(site)
    assert result.returncode == 1
    assert "content/p.md:6:1: mdimporter url=" in result.stderr
    assert "refused while raw HTML is off" in result.stderr


# facades: nothing from another host before the click


def facade(html: str, kind: str, n: int = 0) -> str:
    at = [m.start() for m in re.finditer(f'<div class="facade facade-{kind}"', html)][n]
    return html[at : html.index("</div>", at)]


def test_x_and_the_removed_twitter_and_tweet_render_the_same_facade(public: Path):
    html = content(public, "posts/social")
    x, tweet, positional = (facade(html, "x", i) for i in range(3))
    assert x == tweet
    assert 'data-src="https://platform.twitter.com/embed/Tweet.html?id=1453110110599868418&amp;dnt=true"' in x
    assert '<button type="button" class="facade-load">加载 x.com 上的帖子</button>' in x
    assert '<a class="facade-link" href="https://x.com/SanDiegoZoo/status/1453110110599868418">' in x
    assert "在 X 上查看 @SanDiegoZoo 的帖子</a>" in x
    assert 'href="https://x.com/i/status/877500564405444608"' in positional
    en = facade(content(public, "en/posts/social"), "x")
    assert "Load the post from x.com</button>" in en and "View the post by @SanDiegoZoo on X</a>" in en


def test_instagram_facade_links_the_post(public: Path):
    ig = facade(content(public, "en/posts/social"), "instagram")
    assert 'data-src="https://www.instagram.com/p/CxOWiQNP2MO/embed/captioned/"' in ig
    assert '<a class="facade-link" href="https://www.instagram.com/p/CxOWiQNP2MO">' in ig
    assert "View this post on Instagram</a>" in ig
    assert "在 Instagram 上查看这篇帖子" in facade(content(public, "posts/social"), "instagram")


def test_gist_facade_links_gist_github_com_and_names_the_file(public: Path):
    html = content(public, "posts/social")
    whole, one_file = facade(html, "gist"), facade(html, "gist", 1)
    assert 'data-src="https://gist.github.com/octocat/6cad326836d38bd3a7ae.pibb"' in whole
    assert '<a class="facade-link" href="https://gist.github.com/octocat/6cad326836d38bd3a7ae">' in whole
    assert 'data-src="https://gist.github.com/rauchg/2052694.pibb?file=README.md"' in one_file
    assert 'href="https://gist.github.com/rauchg/2052694#file-readme-md"' in one_file
    assert "gist.github.com/rauchg/2052694 · README.md</a>" in one_file


def test_no_embed_loads_anything_from_another_host_on_its_own(public: Path):
    page = (public / "posts" / "social" / "index.html").read_text(encoding="utf-8")
    assert "<iframe" not in page and '<script src="http' not in page
    # every src on the page is the site's own or inline data
    for src in re.findall(r'(?<![\w-])src="([^"]*)"', page):
        assert src.startswith(("/", "data:")), src


# qr


def qr_images(html: str) -> list[tuple[str, bytes]]:
    found = re.findall(r'<img (src="data:image/svg\+xml;base64,([^"]+)"[^>]*)>', html)
    return [(attrs, base64.b64decode(data)) for attrs, data in found]


def decode_svg(svg: bytes) -> str:
    """Draw segno's SVG path (runs of dark modules, one row per `h`) and read it back."""
    text = svg.decode("utf-8")
    size = int(re.search(r'width="(\d+)"', text)[1])
    scale = int(re.search(r"scale\((\d+)\)", text)[1]) if "scale(" in text else 1
    modules = size // scale
    grid = [[255] * modules for _ in range(modules)]
    x = y = 0.0
    for op, a, b in re.findall(
        r"([MmHh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", re.search(r' d="(M4[^"]+)"', text)[1]
    ):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for col in range(int(x), int(x + float(a))):
                grid[int(y - 0.5)][col] = 0
            x += float(a)
    wide = modules * 4  # 4 pixels a module, for the reader
    rows = bytes(v for row in grid for _ in range(4) for v in row for _ in range(4))
    found = zxingcpp.read_barcode(zxingcpp.ImageView(rows, wide, wide, zxingcpp.ImageFormat.Lum))
    assert found is not None, "no QR code found"
    return str(found.text)


def test_qr_codes_decode_to_their_text_at_hugos_size(public: Path):
    (plain, plain_svg), (inner, inner_svg) = qr_images(content(public, "posts/social"))
    assert decode_svg(plain_svg) == "https://gohugo.io"
    assert decode_svg(inner_svg) == "https://embeds.example/"
    # 25 modules + Hugo's 4-module margin each side, 4 pixels a module: Hugo's 132 x 132
    assert 'width="132" height="132" alt="https://gohugo.io" class="qr"' in plain
    assert 'alt="本站二维码" class="qr qr-big"' in inner and 'width="111"' in inner  # level high, scale 3


def test_qr_output_is_byte_for_byte_the_same_on_every_build(public: Path, tmp_path: Path):
    site = tmp_path / "again"
    shutil.copytree(SITE, site)
    assert build(site, "--no-cache").returncode == 0
    again = (site / "public" / "posts" / "social" / "index.html").read_bytes()
    assert again == (public / "posts" / "social" / "index.html").read_bytes()


def test_qr_target_dir_is_accepted_with_a_warning(tmp_path: Path):
    site = small_site(tmp_path / "s", 'Text.\n\n{{< qr text="a" targetDir="codes" />}}\n')
    result = build(site)
    assert result.returncode == 0
    assert "content/p.md:6:1: warning: qr targetDir is ignored" in result.stderr
    assert not (site / "public" / "codes").exists()


# comment


def test_comment_keeps_its_text_out_of_the_page(public: Path):
    page = (public / "posts" / "social" / "index.html").read_text(encoding="utf-8")
    assert "这句话不该出现在页面里" not in page
    assert "<p>前后</p>" in page
    assert "后面还有正文。" in page  # a bare {{< comment >}} prints nothing and takes nothing


# chart


def test_chart_scripts_load_only_on_pages_with_a_chart(public: Path):
    chart = (public / "posts" / "charts" / "index.html").read_text(encoding="utf-8")
    assert '<script src="/js/chart.umd.min.js" defer></script>' in chart
    assert '<script src="/js/chart-loader.js" defer></script>' in chart
    for other in ("posts/social", "posts/plain", "posts/cards", ""):
        assert "chart" not in (public / other / "index.html").read_text(encoding="utf-8").split("</main>")[1]
    assert (public / "js" / "chart.umd.min.js").read_text(encoding="utf-8").startswith("/*!\n * Chart.js v4")
    assert "MIT License" in (public / "js" / "chart.LICENSE.txt").read_text(encoding="utf-8")


def test_chart_config_goes_in_an_attribute_and_a_data_table_stands_in_without_js(public: Path):
    html = content(public, "posts/charts")
    assert '<figure class="chart" id="chart-7-1">' in html
    canvas = html[html.index("<canvas") : html.index("</canvas>")]
    assert 'role="img" aria-label="水果投票"' in canvas
    assert 'data-chart-js="type: &#x27;bar&#x27;,\ndata: {' in canvas  # raw HTML on: the source as written
    assert "<script" not in html  # so no config text reads as page text
    assert "<caption>水果投票</caption>" in html
    assert '<thead><tr><td></td><th scope="col">票数</th></tr></thead>' in html
    assert (
        '<tr><th scope="row">番茄</th><td>12</td></tr><tr><th scope="row">蓝莓</th><td>19</td></tr>' in html
    )
    description = (public / "posts" / "charts" / "index.html").read_text(encoding="utf-8")
    assert "datasets" not in description.split("</head>")[0]


def test_chart_with_raw_html_off_is_json_and_refuses_javascript(tmp_path: Path):
    config = "[markup.goldmark.renderer]\nunsafe = false\n"
    literal = "type: 'line', data: {labels: ['a'], datasets: [{label: \"s\", data: [1.5]}]}"
    plain = f"{{{{< chart >}}}}\n{literal}\n{{{{< /chart >}}}}"
    site = small_site(tmp_path / "ok", f"Text.\n\n{plain}\n", config)
    assert build(site).returncode == 0
    html = (site / "public" / "p" / "index.html").read_text(encoding="utf-8")
    assert (
        'data-chart-json="{&#34;type&#34;: &#34;line&#34;, &#34;data&#34;: {&#34;labels&#34;: [&#34;a&#34;]'
        in html
        or 'data-chart-json="{&quot;type&quot;: &quot;line&quot;' in html
    )
    assert '<tr><th scope="row">a</th><td>1.5</td></tr>' in html
    code = "{{< chart >}}\ntype: 'line', options: {onClick: function () { alert(1) }}\n{{< /chart >}}"
    site = small_site(tmp_path / "js", f"Text.\n\n{code}\n", config)
    result = build(site)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "content/p.md:6:1: chart config is not plain values ('function' is not a plain value),"
        " refused while raw HTML is off"
    )


def test_chart_draws_in_a_browser_with_no_request_off_the_machine(public: Path, browser, serve_folder):
    base = serve_folder(public)
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/posts/charts/", wait_until="load")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('figure.chart canvas'))"
    )
    drawn = page.evaluate(
        "() => { const c = Chart.getChart(document.querySelector('figure.chart canvas'));"
        " return [c.config.type, c.data.labels.length, c.data.datasets[0].data.join(' ')] }"
    )
    assert drawn == ["bar", 5, "12 19 3 5 3"]
    assert page.evaluate("() => document.querySelector('details.chart-data').open") is False
    page.goto(base + "/posts/social/", wait_until="load")
    page.close()
    assert errors == []
    assert requests and all(url.startswith(base) or url.startswith("data:") for url in requests), requests


def test_imports_in_the_markdown_form_keep_their_blank_lines_and_headings(tmp_path: Path):
    body = 'Text.\n\n{{% codeimporter url="a.py" %}}\n\n{{% mdimporter url="b.md" %}}\n'
    site = small_site(tmp_path / "s", body)
    (site / "content" / "a.py").write_text("x = 1\n\ny = 2\n", encoding="utf-8")
    (site / "content" / "b.md").write_text("## From b\n\nA *b* paragraph.\n", encoding="utf-8")
    assert build(site).returncode == 0, "build failed"
    html = (site / "public" / "p" / "index.html").read_text(encoding="utf-8")
    code = html[html.index('<div class="highlight"') : html.index("</pre>")]
    assert '<span class="mi">1</span>' in code and '<span class="mi">2</span>' in code
    assert "<p>" not in code  # the blank code line did not end the HTML block
    assert '<h2 id="from-b">From b</h2>' in html and "<p>A <em>b</em> paragraph.</p>" in html


# the chart config reader


@pytest.mark.parametrize(
    ("source", "value"),
    [
        (
            'a: 1, b: -2.5e1, \'c d\': "x\\"y", e: [true, false, null,],',
            {"a": 1, "b": -25.0, "c d": 'x"y', "e": [True, False, None]},
        ),
        ("/* c */ k: 'it\\'s \\u00e9', // end\n n: .5", {"k": "it's é", "n": 0.5}),
        ("$a: {b: [[1], {}]}", {"$a": {"b": [[1], {}]}}),
    ],
)
def test_chart_configs_read_as_plain_values(source: str, value: object):
    from sitegen.shortcodes.chart import parse_literal

    assert parse_literal(source) == value


@pytest.mark.parametrize("source", ["a: b", "a: 1 2", "a: [1", "a: function () {}", "a: `x`", "a"])
def test_chart_configs_with_code_or_broken_syntax_are_not_plain(source: str):
    from sitegen.shortcodes.chart import NotPlain, parse_literal

    with pytest.raises(NotPlain):
        parse_literal(source)


def test_the_not_fetched_hint_names_the_file_to_copy():
    from sitegen.shortcodes.embeds import not_fetched_hint

    raw = "https://raw.githubusercontent.com/o/r/main/README.md"
    assert (
        not_fetched_hint(raw) == 'copy the file next to the page and pass its path instead: url="README.md"'
    )
    assert not_fetched_hint("https://example.com/a/main.go?raw=1#L3").endswith('url="main.go"')
