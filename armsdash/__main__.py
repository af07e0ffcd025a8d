"""Command line: ``python -m armsdash ingest FILE`` (SIPRI exports)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from armsdash import sipri_cli


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m armsdash")
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="load a SIPRI export (any layout, as downloaded) into the store")
    ingest.add_argument("file", type=Path)
    ingest.add_argument("--author", default=None, help="name recorded in the data history")
    args = parser.parse_args(argv)
    if args.command == "ingest":
        return sipri_cli.ingest(args.file, author=args.author)
    return 2


if __name__ == "__main__":
    sys.exit(main())
