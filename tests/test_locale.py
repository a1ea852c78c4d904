"""A machine whose locale is plain ASCII (LC_ALL=POSIX, as in many containers and cron
jobs) with Python's UTF-8 mode turned off still reads and writes UTF-8, and prints
Chinese paths and messages instead of failing with UnicodeEncodeError."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import NOW


def ascii_locale_build(site: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LANG", "LC_CTYPE")}
    env.update(LC_ALL="POSIX", PYTHONUTF8="0", SOURCE_DATE_EPOCH=NOW)
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build"], cwd=site, env=env, capture_output=True, timeout=120
    )


def chinese_site(root: Path, front_matter: str) -> Path:
    folder = root / "content" / "文章"
    folder.mkdir(parents=True)
    (folder / "注意力.md").write_text(f"---\n{front_matter}\n---\n注意力机制。\n", encoding="utf-8")
    return root


def test_chinese_file_names_build_under_an_ascii_locale(tmp_path: Path):
    site = chinese_site(tmp_path / "s", "title: 注意力\ntags: [推理]")
    result = ascii_locale_build(site)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    page = site / "public" / "文章" / "注意力" / "index.html"
    assert "注意力机制。" in page.read_text(encoding="utf-8")
    assert (site / "public" / "tags" / "推理" / "index.html").is_file()
    assert "Built public/" in result.stdout.decode("utf-8")


def test_chinese_error_message_prints_under_an_ascii_locale(tmp_path: Path):
    site = chinese_site(tmp_path / "s", "title: 注意力\ndraft: 也许")
    result = ascii_locale_build(site)
    assert result.returncode == 1
    assert result.stderr.decode("utf-8") == (
        "content/文章/注意力.md:3:8: draft must be true or false, not '也许'\n"
    )
    assert not (site / "public").exists()
