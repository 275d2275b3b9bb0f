"""Paging figures against paging_service as its own process (as launched), one JSON line:
page throughput (one robot, and four at once), the ack round trip a robot sees, and how fast a
down service is reported. Quick size by default; PAGING_BENCH_PAGES=500 for the note's figures."""

from __future__ import annotations

import json
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from concierge_bringup.launch_file import NodeSpec
from concierge_paging.client import PagingClient, PagingUnavailable

from tests.docdrop.conftest import free_port, wait_for

pytestmark = pytest.mark.bench
STAFF = ["kim_youngsoo", "lee_mija", "park_jungho"]


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, round(q / 100 * len(ordered)) - 1)], 2)


def test_paging_throughput_and_ack_round_trip(tmp_path):
    n = int(os.environ.get("PAGING_BENCH_PAGES", "60"))
    port = free_port()
    spec = NodeSpec(
        "concierge_paging",
        "paging_service",
        "paging_service",
        params=[("port", str(port)), ("db", str(tmp_path / "paging.db"))],
    )
    server = subprocess.Popen(
        spec.command(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "CONCIERGE_VAR": str(tmp_path / "var")},
    )
    url = f"http://127.0.0.1:{port}"
    robot, staff = PagingClient(url, timeout_s=5), PagingClient(url, timeout_s=5)
    try:

        def up() -> bool:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                return robot.health()["ok"]
            except PagingUnavailable:
                return False

        wait_for(up, 30, "paging_service")
        start = time.perf_counter()
        for i in range(n):
            robot.page(f"seq-{i}", "saebit_office", STAFF[i % 3], 0, "bench")
        sequential_per_s = n / (time.perf_counter() - start)

        def burst(worker: int) -> None:
            with PagingClient(url, timeout_s=10) as own:
                for i in range(n // 4):
                    own.page(f"par-{worker}-{i}", "saebit_office", STAFF[i % 3], 0, "bench")

        start = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(burst, range(4)))
        parallel_per_s = 4 * (n // 4) / (time.perf_counter() - start)

        ack_ms, seen_ms = [], []
        for i in range(n):
            page = robot.page(f"ack-{i}", "saebit_office", "lee_mija", 0)
            t0 = time.perf_counter()
            staff.ack(page.page_id, "lee_mija", accept=True)
            t1 = time.perf_counter()
            assert robot.get(page.page_id).accepted
            t2 = time.perf_counter()
            ack_ms.append(1000 * (t1 - t0))
            seen_ms.append(1000 * (t2 - t0))

        closed = PagingClient(f"http://127.0.0.1:{free_port()}", timeout_s=2)
        t0 = time.perf_counter()
        with pytest.raises(PagingUnavailable):
            closed.health()
        down_ms = 1000 * (time.perf_counter() - t0)
        closed.close()
        counts = robot.health()["pages"]
    finally:
        robot.close()
        staff.close()
        server.terminate()
        server.wait(timeout=20)
    figures = {
        "bench": "paging",
        "pages": n,
        "pages_per_s_one_robot": round(sequential_per_s, 1),
        "pages_per_s_four_robots": round(parallel_per_s, 1),
        "ack_ms_p50": p(ack_ms, 50),
        "ack_ms_p95": p(ack_ms, 95),
        "ack_seen_by_robot_ms_p50": p(seen_ms, 50),
        "ack_seen_by_robot_ms_p95": p(seen_ms, 95),
        "down_service_reported_ms": round(down_ms, 1),
        "db": "sqlite (WAL, file in tmp)",
    }
    print(json.dumps(figures))
    assert counts == {"open": n + 4 * (n // 4), "accepted": n}
    assert figures["ack_seen_by_robot_ms_p95"] < 2000 and down_ms < 500
