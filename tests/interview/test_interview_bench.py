"""`concierge bench interview` at quick size: one JSON line with the promised figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench
REPO = Path(__file__).resolve().parents[2]


def test_bench_interview_prints_frames_drops_drift_and_cpu_per_size():
    proc = subprocess.run(
        [sys.executable, "-m", "concierge_bringup.cli", "bench", "interview", "--seconds", "1"],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert set(figures["sizes"]) == {"640x480", "1280x720"}
    for size in figures["sizes"].values():
        assert {"frames_expected", "frames_written", "dropped_frames", "av_drift_ms",
                "cpu_percent_of_one_core"} <= set(size)  # fmt: skip
        assert size["frames_decoded"] == size["frames_written"] >= 29
        assert abs(size["av_drift_ms"]) < 50
        assert 0 <= size["mp4_av_drift_ms"] < 100
