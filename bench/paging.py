"""`concierge bench paging`: the paging service as its own process (as launched), one JSON line.

Figures: page throughput (one robot, and four robots at once), the acknowledge round trip and
how soon the paging robot sees the answer, and how fast a service that is down is reported.
Every page must be stored: the figures carry the service's own counts (open, accepted)."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

STAFF = ["kim_youngsoo", "lee_mija", "park_jungho"]


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="concierge bench paging", description=__doc__)
    p.add_argument("--pages", type=int, default=500, help="pages per phase (4..5000)")
    p.add_argument("--timeout-s", type=float, default=60, help="wait this long for the service")
    args = p.parse_args(argv)
    if not 4 <= args.pages <= 5000:
        p.error("bounded benchmark: --pages 4..5000")
    return args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, round(q / 100 * len(ordered)) - 1)], 2)


def _wait_up(server: subprocess.Popen, client, timeout_s: float) -> None:
    from concierge_paging.client import PagingUnavailable

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"paging_service exited: {server.stderr.read().decode()}")
        try:
            if client.health()["ok"]:
                return
        except PagingUnavailable:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"paging_service did not answer within {timeout_s:g} s")


def measure(pages: int, workdir: Path, timeout_s: float = 60) -> dict:
    from concierge_bringup.launch_file import NodeSpec
    from concierge_paging.client import PagingClient, PagingUnavailable

    port = _free_port()
    spec = NodeSpec(
        "concierge_paging",
        "paging_service",
        "paging_service",
        params=[("port", str(port)), ("db", str(workdir / "paging.db"))],
    )
    server = subprocess.Popen(
        spec.command(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "CONCIERGE_VAR": str(workdir / "var")},
    )
    url = f"http://127.0.0.1:{port}"
    robot, staff = PagingClient(url, timeout_s=5), PagingClient(url, timeout_s=5)
    try:
        _wait_up(server, robot, timeout_s)
        start = time.perf_counter()
        for i in range(pages):
            robot.page(f"seq-{i}", "saebit_office", STAFF[i % 3], 0, "bench")
        sequential_per_s = pages / (time.perf_counter() - start)

        def burst(worker: int) -> None:
            with PagingClient(url, timeout_s=10) as own:
                for i in range(pages // 4):
                    own.page(f"par-{worker}-{i}", "saebit_office", STAFF[i % 3], 0, "bench")

        start = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(burst, range(4)))
        parallel_per_s = 4 * (pages // 4) / (time.perf_counter() - start)

        ack_ms, seen_ms, seen_accepted = [], [], 0
        for i in range(pages):
            page = robot.page(f"ack-{i}", "saebit_office", "lee_mija", 0)
            t0 = time.perf_counter()
            staff.ack(page.page_id, "lee_mija", accept=True)
            t1 = time.perf_counter()
            seen_accepted += bool(robot.get(page.page_id).accepted)
            t2 = time.perf_counter()
            ack_ms.append(1000 * (t1 - t0))
            seen_ms.append(1000 * (t2 - t0))

        with PagingClient(f"http://127.0.0.1:{_free_port()}", timeout_s=2) as closed:
            t0 = time.perf_counter()
            try:
                closed.health()
                down_reported = False
            except PagingUnavailable:
                down_reported = True
            down_ms = 1000 * (time.perf_counter() - t0)
        counts = robot.health()["pages"]
    finally:
        robot.close()
        staff.close()
        server.terminate()
        server.wait(timeout=20)
    return {
        "bench": "paging",
        "pages": pages,
        "pages_per_s_one_robot": round(sequential_per_s, 1),
        "pages_per_s_four_robots": round(parallel_per_s, 1),
        "ack_ms_p50": _pct(ack_ms, 50),
        "ack_ms_p95": _pct(ack_ms, 95),
        "ack_seen_by_robot_ms_p50": _pct(seen_ms, 50),
        "ack_seen_by_robot_ms_p95": _pct(seen_ms, 95),
        "acks_seen_by_robot": seen_accepted,
        "down_service_reported": down_reported,
        "down_service_reported_ms": round(down_ms, 1),
        "stored": counts,
        "expected": {"open": pages + 4 * (pages // 4), "accepted": pages},
        "db": "sqlite (WAL, file in tmp)",
    }


def main(argv: list[str] | None = None) -> int:
    args = _args(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="bench-paging-") as tmp:
        figures = measure(args.pages, Path(tmp), args.timeout_s)
    print(json.dumps(figures, ensure_ascii=False))
    ok = figures["stored"] == figures["expected"] and figures["down_service_reported"]
    return 0 if ok and figures["acks_seen_by_robot"] == args.pages else 1


if __name__ == "__main__":
    sys.exit(main())
