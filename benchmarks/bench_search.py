#!/usr/bin/env python3
"""What search costs: `sitegen build` with and without the Pagefind index, side by side.

    python benchmarks/bench_search.py                 # 1,000 posts x 2 languages, 5 rounds
    python benchmarks/bench_search.py --posts 200 --runs 3 --json out.json

The standard corpus (../shared/bench/make_corpus.py, as bench_build.py makes it)
is built cold (no cache, no output) in fresh processes, alternating
`params.enableSearch = true` and `= false` round by round so drift hits both
alike. Prints the median wall time of each, the difference (the index's cost)
and the size of `public/pagefind/` (all files, and the index files a reader's
browser fetches: the per-language .pf_meta, .pf_index and .pf_fragment files).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import BUILD_FUTURE, SITEGEN_CONFIG, generate

INDEX_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment")


def build_seconds(site: Path, out: Path, search: bool) -> float:
    config = SITEGEN_CONFIG + f"\n[params]\nenableSearch = {'true' if search else 'false'}\n"
    (site / "sitegen.toml").write_text(config, encoding="utf-8")
    shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "-q", BUILD_FUTURE, "-s", str(site), "-d", str(out)],
        check=True,
    )
    return time.perf_counter() - started


def bundle_bytes(out: Path) -> tuple[int, int, int]:
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    index = [p for p in files if p.name.endswith(INDEX_SUFFIXES)]
    return len(files), sum(p.stat().st_size for p in files), sum(p.stat().st_size for p in index)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-search-") as tmp:
        root = Path(tmp)
        site = generate(root / "site", args.posts)
        out = root / "public"
        times: dict[str, list[float]] = {"search": [], "no search": []}
        build_seconds(site, out, True)  # warm-up: fills the OS file cache, unmeasured
        for _ in range(args.runs):
            times["search"].append(build_seconds(site, out, True))
            files, total, index = bundle_bytes(out)
            times["no search"].append(build_seconds(site, out, False))
        pages = sum(1 for _ in out.rglob("*.html"))
    medians = {name: statistics.median(values) for name, values in times.items()}
    cost = medians["search"] - medians["no search"]
    print(f"corpus: {args.posts} posts x 2 languages, {pages} HTML pages without search; {args.runs} rounds")
    for name, value in medians.items():
        print(f"  {name:<10} median {value:6.2f} s  (min {min(times[name]):.2f}, max {max(times[name]):.2f})")
    print(f"  index cost {cost:+.2f} s ({cost / medians['no search']:+.0%})")
    print(f"  pagefind/: {files} files, {total / 1e6:.2f} MB; index files {index / 1e6:.2f} MB")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"medians": medians, "times": times, "files": files, "bytes": total, "index_bytes": index}
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
