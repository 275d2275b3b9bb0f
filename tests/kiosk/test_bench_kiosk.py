"""`concierge bench kiosk` at quick size prints one JSON line with the figures."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.mark.bench
def test_bench_kiosk_prints_one_json_line_of_figures():
    out = subprocess.run(
        [sys.executable, "-m", "concierge_bringup.cli", "bench", "kiosk", "--starts", "1",
         "--taps", "20"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1
    fig = json.loads(lines[0])
    for key in ("start_ms", "tap_p95_ms", "memory_mb", "taps", "meets_targets"):
        assert key in fig
    assert fig["taps"] == 20 and 0 < fig["tap_p50_ms"] <= fig["tap_p95_ms"] <= fig["tap_max_ms"]
    assert 20 < fig["memory_mb"] < 2000 and fig["start_ms"] > 0
