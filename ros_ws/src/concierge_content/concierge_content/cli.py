"""`concierge content check`: report bad content with file and line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("content", help="check the content/ folder")
    csub = p.add_subparsers(dest="content_cmd", required=True)
    c = csub.add_parser("check", help="validate every content file; exit 1 on errors")
    c.add_argument("--root", type=Path, default=None, help="content folder (default: content/)")
    c.add_argument("--only", action="append", help="run only this checker (repeatable)")
    c.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    from concierge_content.check import checker_names, run_checks

    errors = run_checks(args.root, args.only)
    for err in errors:
        print(err, file=sys.stderr)
    names = ", ".join(n for n in checker_names() if not args.only or n in args.only)
    if errors:
        print(f"content check: {len(errors)} error(s) [{names}]", file=sys.stderr)
        return 1
    print(f"content check: ok [{names}]")
    return 0
