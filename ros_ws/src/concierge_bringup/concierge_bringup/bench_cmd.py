"""`concierge bench NAME [ARGS]`: runs bench/NAME.py (or bench/NAME.sh), which prints one JSON
line of figures."""

from __future__ import annotations

import argparse
import runpy
import sys

from concierge_content.paths import repo_root


def _bench_names() -> list[str]:
    bench = repo_root() / "bench"
    found = [*bench.glob("*.py"), *bench.glob("*.sh")]
    return sorted(p.stem for p in found if not p.stem.startswith("_"))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="run a benchmark (prints one JSON line)")
    p.add_argument("name", help="one of: " + ", ".join(_bench_names()))
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the benchmark")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from concierge_bringup.stack import terminate_as_interrupt

    terminate_as_interrupt()  # `timeout`/kill stop a benchmark's nodes too (their finally runs)
    script = repo_root() / "bench" / f"{args.name}.sh"
    if script.is_file():  # a shell benchmark (fresh_clone_runs): same contract, one JSON line
        import subprocess

        return subprocess.call(["bash", str(script), *args.args])
    path = repo_root() / "bench" / f"{args.name}.py"
    if not path.is_file():
        raise ValueError(f"no benchmark {args.name!r}; choose one of: {', '.join(_bench_names())}")
    sys.path.insert(0, str(path.parent))
    module = runpy.run_path(str(path), run_name="concierge_bench")
    return int(module["main"](list(args.args)) or 0)
