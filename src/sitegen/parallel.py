"""Per-document work on every core: keys in -> (result, errors, warnings) per key, in order.

Rendering Markdown is pure Python, so threads would share one core; processes
don't. Workers are forked after the shared state (config, plan, parser) exists,
so nothing large is pickled on the way in. Errors and warnings raised in a
worker travel back as `Problem`s and are reported by the parent in document
order, so messages and output stay deterministic whatever the scheduling.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from . import progress
from .errors import BuildFailed, Problem, SitegenError

K = TypeVar("K")
T = TypeVar("T")
MIN_PER_WORKER = 64  # below this, starting processes costs more than it saves
_work: Callable[[Any], Any] | None = None  # set in the parent before forking
_keys: Sequence[Any] = ()


@dataclass(frozen=True)
class Outcome(Generic[K, T]):
    """What one unit of work produced."""

    key: K
    result: T | None
    errors: list[Problem]
    warnings: list[Problem]


def run_all(
    keys: Sequence[K], work: Callable[[K], T], *, workers: int | None = None, stage: str = ""
) -> list[Outcome[K, T]]:
    """Run `work` for every key; use several processes when there is enough to do.

    `stage` names the work for the progress line ("pages"), told as keys finish."""
    count = workers or _default_workers(len(keys))
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        outcomes = []
        for i, key in enumerate(keys):
            outcomes.append(_run_one(work, key))
            if stage:
                progress.tell(stage, i + 1, len(keys))
        return outcomes
    global _work, _keys
    _work, _keys = work, keys
    size = max(8, len(keys) // (count * 8))  # small chunks keep both cores busy to the end
    ranges = [(i, min(i + size, len(keys))) for i in range(0, len(keys), size)]
    # Everything that exists now is shared with the workers copy-on-write. A
    # collection in a worker would touch (and so copy) every object; frozen
    # objects are left alone. Measured: check on the standard corpus, -0.1 s.
    gc.freeze()
    try:
        with _signals_deferred() as caught:
            done = _Workers(min(count, len(ranges))).run(ranges, caught, stage, len(keys))
        if done is None:  # interrupted: the workers are gone; let the signal act as usual
            signal.raise_signal(caught[0])
            raise KeyboardInterrupt  # a handler that returned: stop all the same
        return [outcome for chunk in done for outcome in chunk]
    finally:
        _work, _keys = None, ()
        gc.unfreeze()


class _Workers:
    """Forked workers, each with a pipe of its own: the parent hands a worker the
    next range of keys whenever it sends back the last one's outcomes.

    Not multiprocessing.Pool: its workers share queue locks, so one killed while
    writing a result (Pool.terminate() does that on Ctrl-C) held a lock forever
    and the parent hung in terminate(); a worker that died (the OOM killer) hung
    it too. Here nothing is shared, so stopping is simply killing and reaping.
    Workers get index ranges, not keys: they already hold the keys (forked).
    """

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("fork")
        self.links: list[tuple[Any, Any]] = []
        try:
            for _ in range(count):
                mine, theirs = context.Pipe()
                # The worker closes its copies of the parent's ends, so that it reads
                # end-of-file (and exits) if the parent dies without a word.
                parent_ends = [mine, *(conn for _, conn in self.links)]
                process = context.Process(target=_serve, args=(theirs, parent_ends), daemon=True)
                process.start()
                theirs.close()
                self.links.append((process, mine))
        except BaseException:
            self.stop()
            raise

    def run(
        self, ranges: list[tuple[int, int]], caught: list[int], stage: str = "", total: int = 0
    ) -> list[list[Outcome[Any, Any]]] | None:
        """Outcomes per range, in order; None as soon as a signal is caught."""
        results: list[Any] = [None] * len(ranges)
        finished = 0
        waiting = iter(enumerate(ranges))
        busy: dict[Any, tuple[Any, int]] = {}  # connection -> (process, range index)
        try:
            for process, conn in self.links:
                self._hand_out(process, conn, waiting, busy)
            while busy and not caught:
                for conn in multiprocessing.connection.wait(list(busy), timeout=0.05):
                    process, index = busy.pop(conn)
                    results[index] = _receive(process, conn)
                    if stage:
                        finished += len(results[index])
                        progress.tell(stage, finished, total)
                    self._hand_out(process, conn, waiting, busy)
            return None if caught else results
        finally:
            self.stop(kill=bool(caught) or bool(busy))

    @staticmethod
    def _hand_out(
        process: Any,
        conn: Any,
        waiting: Iterator[tuple[int, tuple[int, int]]],
        busy: dict[Any, tuple[Any, int]],
    ) -> None:
        job = next(waiting, None)
        if job is not None:
            conn.send(job[1])
            busy[conn] = (process, job[0])

    def stop(self, *, kill: bool = True) -> None:
        """End every worker: idle ones are told to exit, otherwise all are killed.

        Killing is safe because a worker shares nothing with the others: no lock
        can be left held and no result half written where anyone will read it.
        """
        for process, conn in self.links:
            if not kill:
                with contextlib.suppress(OSError):
                    conn.send(None)
            else:
                process.kill()
        for process, conn in self.links:
            process.join()
            conn.close()
        self.links = []


def _receive(process: Any, conn: Any) -> list[Outcome[Any, Any]]:
    try:
        kind, value = conn.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"a worker process died (exit code {process.exitcode})") from None
    if kind == "raised":
        raise value
    return value


def _serve(conn: Any, parent_ends: list[Any]) -> None:
    """A worker: take a range, send back its outcomes, until told to stop."""
    _worker_signals()
    for end in parent_ends:
        end.close()
    try:
        while (job := conn.recv()) is not None:
            try:
                reply: tuple[str, Any] = ("done", _run_range(job))
            except Exception as exc:  # a bug in sitegen: the parent re-raises it
                reply = ("raised", exc)
            try:
                conn.send(reply)
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                conn.send(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))
    except (EOFError, OSError):
        return  # the parent is gone: nobody wants the results


@contextlib.contextmanager
def _signals_deferred() -> Iterator[list[int]]:
    """Hold Ctrl-C and SIGTERM while workers run; yield the list they are noted in.

    A KeyboardInterrupt raised at an arbitrary point (half way through starting
    a worker, or through reading a reply) could leave a worker unreaped or a
    reply half read. Noting the signal and stopping at the next poll, 50 ms at
    most, keeps the shutdown on one tested path. Handlers can only be set from
    the main thread; elsewhere (the dev server's rebuild thread) signals go to
    the main thread anyway.
    """
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    saved = {
        sig: signal.getsignal(sig)
        for sig in (signal.SIGINT, signal.SIGTERM)
        if signal.getsignal(sig) is not signal.SIG_IGN
    }  # ignored stays ignored
    for sig in saved:
        signal.signal(sig, lambda signum, frame: caught.append(signum))
    try:
        yield caught
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _worker_signals() -> None:
    """Workers die quietly on SIGTERM and leave Ctrl-C to the parent.

    A forked worker inherits the parent's handlers, which only note a signal
    (see `_signals_deferred`); a Ctrl-C in the terminal reaches the whole
    process group, and the parent decides what happens to its workers.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _default_workers(jobs: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, jobs // MIN_PER_WORKER))


def _run_range(bounds: tuple[int, int]) -> list[Outcome[Any, Any]]:
    assert _work is not None, "run_all sets the work before forking"
    return [_run_one(_work, key) for key in _keys[bounds[0] : bounds[1]]]


def _run_one(work: Callable[[K], T], key: K) -> Outcome[K, T]:
    """Run one job, turning user errors and logged warnings into Problems."""
    logger = logging.getLogger("sitegen")
    collector = _Collector()
    # The collector must be the only listener, or a warning would also reach the root
    # logger now and be reported a second time when the parent re-emits it.
    saved = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [collector], False
    try:
        return Outcome(key, work(key), [], collector.problems)
    except BuildFailed as exc:
        return Outcome(key, None, list(exc.problems), collector.problems)
    except SitegenError as exc:
        return Outcome(key, None, [exc.problem], collector.problems)
    finally:
        logger.handlers, logger.propagate = saved


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        problem = getattr(record, "problem", None)
        self.problems.append(problem or Problem(record.getMessage(), severity="warning"))
