"""`python -m sitegen`, and the `sitegen` command (`run`).

Ctrl-C or SIGTERM can come while sitegen is still importing (a tenth of a
second, longer on a busy machine): that must end like an interrupt later on,
with one line and exit code 130, not a traceback or death by signal.
"""

import signal
import sys


def run() -> int:
    """Run the `sitegen` command."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        from .cli import main
    except KeyboardInterrupt:
        print("interrupted; the previous output was left as it was", file=sys.stderr)
        return 130
    return main()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(run())
