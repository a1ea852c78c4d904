"""Bare URLs and e-mail addresses link where Goldmark's Linkify (on in Hugo by default)
links them, and nowhere else. Each expected output below is what Hugo 0.168 printed for
the same line."""

import pytest

from sitegen.markdown import make_markdown, render_markdown


@pytest.fixture(scope="module")
def md():
    return make_markdown()


def html(md, text: str) -> str:
    return render_markdown(md, text).html.strip()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Visit https://example.com/a?b=1, ok",
            '<p>Visit <a href="https://example.com/a?b=1">https://example.com/a?b=1</a>, ok</p>',
        ),
        ("see www.example.org now", '<p>see <a href="https://www.example.org">www.example.org</a> now</p>'),
        ("mail me@example.com.", '<p>mail <a href="mailto:me@example.com">me@example.com</a>.</p>'),
        ("or example.net and file.txt", "<p>or example.net and file.txt</p>"),  # no bare domains
        ("A https://a.com/x。 B", '<p>A <a href="https://a.com/x">https://a.com/x</a>。 B</p>'),
        ("C：https://c.com D", "<p>C：https://c.com D</p>"),
        ("E（https://e.com） F", "<p>E（https://e.com） F</p>"),
        ("中文https://中文.cn/路径 结束", "<p>中文https://中文.cn/路径 结束</p>"),
        ("T 中文me@t.com", "<p>T 中文me@t.com</p>"),
        ('J"https://j.com" K', "<p>J&quot;https://j.com&quot; K</p>"),
        ("O-https://o.com P.https://p.com", "<p>O-https://o.com P.https://p.com</p>"),
        ("G*https://g.com* H", '<p>G<em><a href="https://g.com">https://g.com</a></em> H</p>'),
        ("N **b**https://n.com", '<p>N <strong>b</strong><a href="https://n.com">https://n.com</a></p>'),
        (
            "https://v.com/path_(x)_y.",
            '<p><a href="https://v.com/path_(x)_y">https://v.com/path_(x)_y</a>.</p>',
        ),
        ("https://x.com/?q=中文 end", '<p><a href="https://x.com/?q=">https://x.com/?q=</a>中文 end</p>'),
        ("R www.r.com。", '<p>R <a href="https://www.r.com">www.r.com</a>。</p>'),
    ],
)
def test_links_as_goldmark_links(md, source, expected):
    assert html(md, source) == expected


def test_never_in_code_or_existing_links(md):
    out = html(md, "`https://a.com` and [x](https://b.com) and <https://c.com>\n\n    https://d.com")
    assert out.count("<a ") == 2
    assert "<code>https://a.com</code>" in out
    assert "<pre><code>https://d.com" in out
