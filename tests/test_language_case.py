"""Language codes in any case are one language, as in Hugo (which lowercases them).

`zh-CN` and `zh-cn` name the same language in `[languages]`, `defaultContentLanguage`,
file suffixes (`a.zh-CN.md`), a language's `contentDir` and i18n file names, while
`<html lang>` and hreflang keep the configured `languageCode` spelling. The parity
site tests/sites/hugo-langcase/ proves the URLs against Hugo's own.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def post(title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2026-03-01\n---\n\nText.\n"


def test_an_i18n_file_named_in_another_case_is_the_languages(tmp_path: Path):
    write(
        tmp_path / "sitegen.toml",
        'title = "T"\ndefaultContentLanguage = "zh-CN"\n[languages.zh-CN]\nlocale = "zh-CN"\n'
        "weight = 1\n[languages.en]\nweight = 2\n",
    )
    write(tmp_path / "i18n/zh-CN.yaml", "recent_posts: 最新文章\n")
    write(tmp_path / "i18n/EN.yaml", "recent_posts: Fresh from the oven\n")
    write(tmp_path / "content/posts/a.zh-CN.md", post("甲"))
    write(tmp_path / "content/posts/a.en.md", post("A"))
    result = run_cli("build", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    home = (tmp_path / "public/index.html").read_text(encoding="utf-8")
    assert "最新文章" in home and '<html lang="zh-CN">' in home
    assert "Fresh from the oven" in (tmp_path / "public/en/index.html").read_text(encoding="utf-8")
    page = (tmp_path / "public/posts/a/index.html").read_text(encoding="utf-8")
    assert 'hreflang="zh-CN"' in page and 'hreflang="en"' in page


def test_suffixes_and_content_dirs_in_any_case_are_the_language(tmp_path: Path):
    write(
        tmp_path / "hugo.toml",
        'baseURL = "https://example.org/"\ndefaultContentLanguage = "ZH-cn"\n'
        '[languages.zh-CN]\nlanguageCode = "zh-CN"\nweight = 1\n'
        '[languages.EN]\nweight = 2\ncontentDir = "content.EN"\n',
    )
    write(tmp_path / "content/posts/a.zh-CN.md", post("甲"))
    write(tmp_path / "content/posts/b.ZH-cn.md", post("乙"))
    write(tmp_path / "content/posts/c/index.zh-CN.md", post("丙"))
    write(tmp_path / "content.EN/posts/a.md", post("A"))
    result = run_cli("build", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    public = tmp_path / "public"
    for page in ("posts/a", "posts/b", "posts/c", "en/posts/a"):
        assert (public / page / "index.html").is_file(), page
    assert '<html lang="zh-CN">' in (public / "posts/a/index.html").read_text(encoding="utf-8")
