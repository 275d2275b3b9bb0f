"""`concierge bench NAME [ARGS]`: runs bench/NAME.py, which prints one JSON line of figures."""

from __future__ import annotations

import argparse
import runpy
import sys

from concierge_content.paths import repo_root


def _bench_names() -> list[str]:
    return sorted(
        p.stem for p in (repo_root() / "bench").glob("*.py") if not p.stem.startswith("_")
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="run a benchmark (prints one JSON line)")
    p.add_argument("name", help="one of: " + ", ".join(_bench_names()))
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the benchmark")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = repo_root() / "bench" / f"{args.name}.py"
    if not path.is_file():
        raise ValueError(f"no benchmark {args.name!r}; choose one of: {', '.join(_bench_names())}")
    sys.path.insert(0, str(path.parent))
    module = runpy.run_path(str(path), run_name="concierge_bench")
    return int(module["main"](list(args.args)) or 0)
