#!/usr/bin/env python3
"""Time TeX -> MathML per formula over the math corpus (tests/fixtures/math/).

    python benchmarks/bench_math.py              # 3 fresh processes per engine, 3 warm passes
    python benchmarks/bench_math.py --runs 5 --json out.json

Rows, each measured in fresh processes (one per run) so nothing is cached:
  sitegen cold    sitegen.math.engine.render, each formula's first render in
                  the process (Temml already loaded into QuickJS)
  sitegen warm    the same formulas again, the lru cache bypassed: the cost of
                  a formula Temml has seen, e.g. in a long-running `serve`
  sitegen cached  the lru cache hit: a formula repeated across pages
  latex2mathml    what sitegen used before (if installed: pip install latex2mathml)
  katex           KaTeX 0.16.47's MathML output in the same QuickJS, for reference
Prints the median and p90 microseconds per formula, how many formulas each
engine refused, and the start-up cost of loading each engine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))
from math_corpus import MATH, corpus  # noqa: E402  (the corpus parser lives with the tests)

KATEX = MATH / "katex"
ENGINES = ("sitegen", "latex2mathml", "katex")
Render = Callable[[str, bool], bool]  # (tex, display) -> rendered without error


def sitegen_engine() -> tuple[Render, Render]:
    from sitegen.math import engine

    def cold(tex: str, display: bool) -> bool:
        return not engine.render(tex, display=display).error

    def uncached(tex: str, display: bool) -> bool:
        return not engine._render.__wrapped__(tex, display, (), False).error

    engine.version()  # load Temml now: start-up is timed on its own
    return cold, uncached


def latex2mathml_engine() -> tuple[Render, Render]:
    from latex2mathml.converter import convert

    def render(tex: str, display: bool) -> bool:
        try:
            convert(tex, display="block" if display else "inline")
        except Exception:  # it raises many kinds on TeX it can't read
            return False
        return True

    return render, render


def katex_engine() -> tuple[Render, Render]:
    import _quickjs

    context = _quickjs.Context()
    for name in ("katex.min.js", "mhchem.min.js"):
        context.eval((KATEX / name).read_text(encoding="utf-8"))
    context.eval(
        "function benchRender(tex, display) { try { katex.renderToString(tex, {output: 'mathml',"
        " displayMode: display, throwOnError: true}); return true; } catch (e) { return false; } }"
    )
    call = context.get("benchRender")

    def render(tex: str, display: bool) -> bool:
        return bool(call(tex, display))

    return render, render


def child(name: str, warm_passes: int) -> dict[str, Any]:
    """One fresh process: load the engine, then time every formula (µs)."""
    formulas = [(f.tex, f.display) for f in corpus()]
    started = time.perf_counter()
    loaders = {"sitegen": sitegen_engine, "latex2mathml": latex2mathml_engine, "katex": katex_engine}
    try:
        cold, warm = loaders[name]()
    except ImportError:
        return {"missing": True}
    startup = time.perf_counter() - started
    result: dict[str, Any] = {"startup_ms": startup * 1000}
    result["cold"], ok = _time_all(cold, formulas)
    result["refused"] = len(formulas) - sum(ok)
    passes = [_time_all(warm, formulas)[0] for _ in range(warm_passes)]
    result["warm"] = [statistics.median(sample) for sample in zip(*passes, strict=True)]
    if name == "sitegen":  # every formula is in the lru cache by now
        result["cached"] = _time_all(cold, formulas)[0]
    return result


def _time_all(render: Render, formulas: list[tuple[str, bool]]) -> tuple[list[float], list[bool]]:
    times, ok = [], []
    for tex, display in formulas:
        start = time.perf_counter_ns()
        ok.append(render(tex, display))
        times.append((time.perf_counter_ns() - start) / 1000)
    return times, ok


def run(name: str, runs: int, warm_passes: int) -> list[dict[str, Any]]:
    args = [sys.executable, __file__, "--child", name, "--warm-passes", str(warm_passes)]
    return [
        json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def print_table(results: dict[str, list[dict[str, Any]]], count: int) -> None:
    print(f"\n{count} formulas (tests/fixtures/math/*.tex except unsupported.tex), µs per formula")
    print(f"  {'':16s} {'median':>8s} {'p90':>8s} {'refused':>8s} {'start-up':>10s}")
    for name, samples in results.items():
        if samples[0].get("missing"):
            print(f"  {name:16s} not installed (pip install {name})")
            continue
        startup = statistics.median(float(s["startup_ms"]) for s in samples)
        for row in ("cold", "warm", "cached"):
            if row not in samples[0]:
                continue
            # Per formula, the median over the runs; then the median and p90 over the corpus.
            per_formula = [statistics.median(v) for v in zip(*(s[row] for s in samples), strict=True)]
            label = f"{name} {row}"
            refused = str(samples[0]["refused"]) if row == "cold" else ""
            start = f"{startup:8.0f} ms" if row == "cold" else ""
            middle, high = _us(statistics.median(per_formula)), _us(p90(per_formula))
            print(f"  {label:16s} {middle:>8s} {high:>8s} {refused:>8s} {start:>10s}")
    print("  (refused: raised an error; latex2mathml returns something for most TeX it can't read)")


def _us(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="fresh processes per engine")
    ap.add_argument("--warm-passes", type=int, default=3, help="warm passes over the corpus per process")
    ap.add_argument(
        "--only", default=",".join(ENGINES), help="comma-separated subset of " + ",".join(ENGINES)
    )
    ap.add_argument("--json", type=Path, help="write every sample here")
    ap.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.warm_passes)))
        return
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    if set(names) - set(ENGINES):
        ap.error(f"--only takes names from {', '.join(ENGINES)}")
    results = {}
    for name in names:
        print(f"{name}: {args.runs} fresh processes", flush=True)
        results[name] = run(name, args.runs, args.warm_passes)
    print_table(results, len(corpus()))
    if args.json:
        args.json.write_text(json.dumps(results) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
