"""`concierge bench nav` at quick size: one JSON line with the figures issue 4 asks for."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.mark.bench
def test_bench_nav_prints_one_json_line_with_the_figures(tmp_path):
    png = tmp_path / "nav.png"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "concierge_bringup.cli",
            "bench",
            "nav",
            "--missions",
            "3",
            "--visitors",
            "10",
            "--seed",
            "1",
            "--png",
            str(png),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, out.stdout
    figures = json.loads(lines[0])
    for key in (
        "success_rate",
        "collisions",
        "path_ratio",
        "time_ratio",
        "planner_ms_p50",
        "planner_ms_p95",
        "real_time_factor",
        "failures",
    ):
        assert key in figures
    assert figures["mode"] == "lockstep"
    assert figures["missions"] == 3
    assert figures["collisions"] == 0
    assert figures["success_rate"] >= 2 / 3
    assert png.stat().st_size > 10_000
