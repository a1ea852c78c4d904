"""Rendering on several processes gives exactly what one process gives: same bytes,
same warnings in the same order."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

import pytest

from conftest import wait_until
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
            f'Math {bad_tex} and [next]({{{{< relref "p{(i + 1) % posts:03d}" >}}}}).\n',
            encoding="utf-8",
        )
    return root


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


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

    monkeypatch.setattr("sitegen.make.run_all", spy)
    together, warned_together = run(site, "par", caplog)
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 10**9)  # force one process
    alone, warned_alone = run(site, "ser", caplog)
    if max(calls) < 2:
        pytest.fail(f"this machine offers {calls} workers; the parallel path was not exercised")
    assert together == alone
    assert warned_together == warned_alone
    assert [Path(w.split(":")[0]).name for w in warned_together] == [
        f"p{i:03d}.md" for i in range(0, 160, 37)
    ]


def test_cli_check_and_build_on_several_processes_finish(tmp_path: Path):
    """The CLI's SIGTERM handler must not reach the workers (it once hung the pool)."""
    import subprocess
    import sys

    site = make_site(tmp_path / "s", 160)
    for args in (["check", "-q"], ["build", "-q"], ["check", "-q"], ["build", "-q"]):
        result = subprocess.run(
            [sys.executable, "-m", "sitegen", *args], cwd=site, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr


def _die_on_seven(key: int) -> int:
    if key == 7:
        import os

        os._exit(3)  # what the OOM killer leaves behind: no reply, no exception
    return key


def _bug_on_seven(key: int) -> int:
    if key == 7:
        raise ZeroDivisionError("a bug in the work itself")
    return key * 2


def test_a_worker_that_dies_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match=r"a worker process died \(exit code 3\)"):
        parallel.run_all(list(range(200)), _die_on_seven, workers=2)


def test_a_bug_in_a_worker_reaches_the_parent_with_its_type():
    with pytest.raises(ZeroDivisionError, match="a bug in the work itself"):
        parallel.run_all(list(range(200)), _bug_on_seven, workers=2)
    outcomes = parallel.run_all(list(range(200)), lambda k: k * 2, workers=2)
    assert [o.result for o in outcomes] == [k * 2 for k in range(200)]


INTERRUPTED = """
import os, signal, sys, threading, time
from sitegen import parallel

def work(key):
    time.sleep(0.002)  # the workload, not a wait: each job takes a moment, so the signal finds workers busy
    return "x" * 50_000  # big replies: a worker is often mid-write when the signal comes

def interrupt(signum, frame):
    raise KeyboardInterrupt

signal.signal(signal.SIGTERM, interrupt)  # what the CLI does
threading.Timer(float(sys.argv[1]), os.kill, (os.getpid(), int(sys.argv[2]))).start()
try:
    parallel.run_all(list(range(2000)), work, workers=2)
except KeyboardInterrupt:
    sys.exit(130)
sys.exit(0)
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_workers_promptly_and_leaves_none_behind(signum: int):
    """multiprocessing.Pool once hung here: terminate() killed a worker holding a queue lock."""
    import subprocess
    import sys

    for delay in (0.15, 0.3, 0.45, 0.6, 0.75, 0.9):
        token = f"sitegen-interrupt-test-{os.getpid()}-{signum}-{delay}"  # workers share the command line
        child = subprocess.Popen(
            [sys.executable, "-c", INTERRUPTED, str(delay), str(int(signum)), token],
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _, stderr = child.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            pytest.fail(f"run_all hung after a signal {delay} s in")
        assert child.returncode == 130, stderr
        # Workers may take a moment to exit after their parent; one that outlived it never does.
        pgrep = ["pgrep", "-f", token]
        wait_until(
            lambda pgrep=pgrep: subprocess.run(pgrep, capture_output=True, text=True).stdout == "",
            5,
            f"the workers to exit after a signal {delay} s in",
        )
