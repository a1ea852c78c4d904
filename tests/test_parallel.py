"""Rendering on several processes gives exactly what one process gives: same bytes,
same warnings in the same order."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sitegen import parallel
from sitegen.config import load_config
from sitegen.pipeline import build


def make_site(root: Path, posts: int) -> Path:
    (root / "content" / "blog").mkdir(parents=True)
    for i in range(posts):
        bad_tex = "$\\frac{1}{$" if i % 37 == 0 else "$x^2$"
        (root / "content" / "blog" / f"p{i:03d}.md").write_text(
            f"---\ntitle: Post {i}\ndate: 2026-01-01\ntags: [t{i % 5}]\n---\n"
            f"{{{{< lead >}}}}\nLead {i}.\n{{{{< /lead >}}}}\n\n## Part {i}\n\n"
            f"Math {bad_tex} and [next]({{{{< relref \"p{(i + 1) % posts:03d}\" >}}}}).\n",
            encoding="utf-8")
    return root


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(site: Path, out: str, caplog: pytest.LogCaptureFixture) -> tuple[dict, list[str]]:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sitegen"):
        build(load_config(site, output_dir=site / out))
    return files(site / out), [r.getMessage() for r in caplog.records]


def test_parallel_build_is_byte_identical_to_serial(tmp_path: Path, monkeypatch, caplog):
    site = make_site(tmp_path / "s", 160)
    calls = []
    real = parallel.run_all

    def spy(keys, work, **kw):
        calls.append(parallel._default_workers(len(keys)))
        return real(keys, work, **kw)

    monkeypatch.setattr("sitegen.pipeline.run_all", spy)
    together, warned_together = run(site, "par", caplog)
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 10**9)  # force one process
    alone, warned_alone = run(site, "ser", caplog)
    if max(calls) < 2:
        pytest.fail(f"this machine offers {calls} workers; the parallel path was not exercised")
    assert together == alone
    assert warned_together == warned_alone
    assert [Path(w.split(":")[0]).name for w in warned_together] == [
        f"p{i:03d}.md" for i in range(0, 160, 37)]


def test_cli_check_and_build_on_several_processes_finish(tmp_path: Path):
    """The CLI's SIGTERM handler must not reach the workers (it once hung the pool)."""
    import subprocess
    import sys

    site = make_site(tmp_path / "s", 160)
    for args in (["check", "-q"], ["build", "-q"], ["check", "-q"], ["build", "-q"]):
        result = subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=site,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
