"""`safevoice-analysis`: the analysis core on an analyst's own CSV files.

Each group of commands lives beside the code it drives and adds its sub-commands here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from safevoice.analysis import cli_tables, cli_text
from safevoice.analysis.cli_common import CommandError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safevoice-analysis",
        description="Tables with disclosure control, redaction and themes for consultation data.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cli_tables.register(commands)
    cli_text.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CommandError as exc:
        print(f"safevoice-analysis {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
