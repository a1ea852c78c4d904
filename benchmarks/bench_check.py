#!/usr/bin/env python3
"""Time `sitegen check` (and a cold `sitegen build`) on the standard corpus.

    python benchmarks/bench_check.py                 # 1,000 posts x 2 languages, 7 runs
    python benchmarks/bench_check.py --posts 200 --runs 3

The corpus comes from ../shared/bench/make_corpus.py, so figures compare across
issues. Each run is a fresh `sitegen` process, as in CI. Prints the median, min
and max wall time and the peak memory of each command.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKE_CORPUS = HERE.parent.parent / "shared" / "bench" / "make_corpus.py"
CONFIG = """baseURL = "https://bench.example/"
title = "Bench"
[languages.en]
weight = 1
[languages.zh]
weight = 2
locale = "zh-CN"
"""


def make_corpus(root: Path, posts: int) -> Path:
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), "--posts", str(posts), "--out", str(root)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (root / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    return root


def timed(args: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and the peak RSS (KiB) of one run; a failing run stops the benchmark."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def report(name: str, runs: list[tuple[float, int]]) -> None:
    times = [t for t, _ in runs]
    print(
        f"{name:8s} median {statistics.median(times):6.2f} s   min {min(times):6.2f}"
        f"   max {max(times):6.2f}   peak {max(m for _, m in runs) / 1024:6.0f} MiB"
        f"   ({len(times)} runs)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1000, help="posts per language")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    sitegen = [sys.executable, "-m", "sitegen"]
    with tempfile.TemporaryDirectory() as tmp:
        site = make_corpus(Path(tmp) / "corpus", args.posts)
        timed(sitegen + ["check", "-q"], site)  # warm the OS file cache, not ours
        checks, builds = [], []
        for _ in range(args.runs):  # interleaved, so drift affects both alike
            checks.append(timed(sitegen + ["check", "-q"], site))
            builds.append(timed(sitegen + ["build", "-q", "-d", str(Path(tmp) / "out")], site))
        print(f"corpus: {2 * args.posts} pages (make_corpus.py --posts {args.posts})")
        report("check", checks)
        report("build", builds)


if __name__ == "__main__":
    main()
