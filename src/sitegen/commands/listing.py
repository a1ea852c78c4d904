"""`sitegen list drafts|future|expired|all` (stub)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    return 0
