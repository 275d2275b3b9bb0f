"""`concierge bench docdrop` at a quick size: one JSON line, nothing lost or duplicated."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench
BENCH = Path(__file__).resolve().parents[2] / "bench" / "docdrop.py"


def test_bench_prints_one_json_line_and_loses_nothing(capsys):
    main = runpy.run_path(str(BENCH), run_name="concierge_bench")["main"]
    code = main(["--phones", "2", "--files", "2", "--file-mb", "0.1", "--timeout-s", "150"])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(lines) == 1
    figures = json.loads(lines[0])
    for key in (
        "uploads_per_s",
        "p95_upload_ms",
        "server_peak_rss_mb",
        "lost_files",
        "duplicated_files",
        "delivered",
    ):
        assert key in figures
    assert code == 0
    assert figures["uploads"] == 4 and figures["delivered"] == 2
    assert figures["lost_files"] == 0 and figures["duplicated_files"] == 0
    assert figures["server_peak_rss_mb"] > 10
