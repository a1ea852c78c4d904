"""Inputs that look hostile but must simply work: a BOM, CRLF line endings,
empty and huge files, absurd nesting (with a warning where text is left out),
binary files beside the posts.

Each one is built through the CLI, as a user would, and must exit 0 with no
traceback and the right page on disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import read_html, run_cli


def make_site(root: Path, files: dict[str, str | bytes]) -> Path:
    (root / "sitegen.toml").parent.mkdir(parents=True, exist_ok=True)
    (root / "sitegen.toml").write_text('title = "T"\nbaseURL = "https://example.org/"\n')
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def build_ok(site: Path) -> str:
    done = run_cli("build", "-s", site)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    return done.stderr


@pytest.mark.parametrize(
    "front",
    [
        "\ufeff---\r\ntitle: With BOM\r\ntags: [a, b]\r\n---\r\n",
        '\ufeff+++\r\ntitle = "With BOM"\r\ntags = ["a", "b"]\r\n+++\r\n',
    ],
)
def test_bom_and_crlf_just_work(tmp_path: Path, front: str):
    site = make_site(tmp_path, {"content/post.md": front + "First line.\r\n\r\n## Part\r\n\r\nSecond.\r\n"})
    build_ok(site)
    html = (site / "public/post/index.html").read_text(encoding="utf-8")
    page = read_html(site / "public/post/index.html")
    assert page.select("h1")[0].text == "With BOM"
    assert [a.text for a in page.select("ul.tags a")] == ["#a", "#b"]
    assert "\r" not in html and "\ufeff" not in html


def test_an_empty_file_builds_a_page(tmp_path: Path):
    site = make_site(tmp_path, {"content/empty.md": "", "content/fine.md": "---\ntitle: Fine\n---\nx\n"})
    build_ok(site)
    assert (site / "public/empty/index.html").is_file()
    assert (site / "public/fine/index.html").is_file()


def test_a_20_mb_post_builds(tmp_path: Path):
    paragraph = "Tokens, caches and kernels. 模型、缓存与算子。 " * 8 + "\n\n"
    body = paragraph * (20_000_000 // len(paragraph.encode()) + 1)
    site = make_site(tmp_path, {"content/huge.md": "---\ntitle: Huge\n---\n" + body + "The last line.\n"})
    assert (site / "content/huge.md").stat().st_size > 20_000_000
    build_ok(site)
    html = (site / "public/huge/index.html").read_text(encoding="utf-8")
    assert html.count("<p>") > body.count("\n\n") and "The last line." in html


def test_nesting_ten_thousand_deep_builds(tmp_path: Path):
    deep = 10_000
    site = make_site(
        tmp_path,
        {
            "content/quotes.md": "---\ntitle: Q\n---\n" + ">" * deep + " deep\n",
            "content/lists.md": "---\ntitle: L\n---\n" + "- " * deep + "item\n\n" + "1. " * deep + "x\n",
            "content/mixed.md": "---\ntitle: M\n---\n" + "> - " * (deep // 2) + "deep\n",
            "content/inline.md": "---\ntitle: I\n---\n"
            + "[" * deep
            + "x"
            + "]" * deep
            + "\n\n"
            + "*" * deep
            + "x\n\n"
            + "`" * deep
            + "\n",
            "content/shortcodes.md": "---\ntitle: S\n---\n"
            + "{{< details >}}" * 100
            + "inner"
            + "{{< /details >}}" * 100
            + "\n",
        },
    )
    stderr = build_ok(site)
    for name in ("quotes", "lists", "mixed", "inline"):
        assert (site / "public" / name / "index.html").is_file(), name
    # markdown-it drops blocks past its nesting limit; the user is told where.
    for name in ("lists", "mixed", "quotes"):
        assert (
            f"content/{name}.md:4:1: warning: lists or quotes nested more than 100 deep; "
            "the deeper text is left out"
        ) in stderr
    assert (site / "public/quotes/index.html").read_text(encoding="utf-8").count("<blockquote>") == 100
    shortcodes = (site / "public/shortcodes/index.html").read_text(encoding="utf-8")
    assert shortcodes.count("<details") == 100 and "inner" in shortcodes


def test_binary_files_in_content_are_copied_untouched(tmp_path: Path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    site = make_site(
        tmp_path,
        {
            "content/blog/diagram.png": png,
            "content/blog/post/index.md": "---\ntitle: P\n---\n![x](data.bin)\n",
            "content/blog/post/data.bin": b"\x00\xff" * 1000,
        },
    )
    build_ok(site)
    assert (site / "public/blog/diagram.png").read_bytes() == png
    assert (site / "public/blog/post/data.bin").read_bytes() == b"\x00\xff" * 1000
