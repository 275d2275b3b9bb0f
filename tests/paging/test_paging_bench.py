"""`concierge bench paging` at a quick size: one JSON line, every page stored and every
acknowledgement seen by the robot (the figures themselves are the benchmark's, not a test's)."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench
BENCH = Path(__file__).resolve().parents[2] / "bench" / "paging.py"


def test_bench_prints_one_json_line_and_stores_every_page(capsys):
    main = runpy.run_path(str(BENCH), run_name="concierge_bench")["main"]
    code = main(["--pages", "40"])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert code == 0
    assert figures["stored"] == {"open": 80, "accepted": 40} == figures["expected"]
    assert figures["acks_seen_by_robot"] == 40 and figures["down_service_reported"]
    for key in ("pages_per_s_one_robot", "pages_per_s_four_robots", "ack_ms_p95"):
        assert figures[key] > 0
    assert figures["ack_seen_by_robot_ms_p50"] <= figures["ack_seen_by_robot_ms_p95"]


def test_bench_refuses_an_unbounded_size(capsys):
    main = runpy.run_path(str(BENCH), run_name="concierge_bench")["main"]
    with pytest.raises(SystemExit) as exit_:
        main(["--pages", "1000000"])
    assert exit_.value.code == 2 and "--pages 4..5000" in capsys.readouterr().err
