#!/usr/bin/env python3
"""Build the bundled site exactly as `sitegen build` does; extra flags pass through.

python build.py            # same as: sitegen build
python build.py -D         # with drafts
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))  # also works from a checkout that is not installed

from sitegen.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(["build", "-s", str(HERE), *sys.argv[1:]]))
