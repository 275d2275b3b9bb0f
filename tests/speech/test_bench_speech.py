"""`concierge bench speech` at quick size prints one JSON line with the documented figures."""

from __future__ import annotations

import json
import runpy

import pytest
from concierge_content.paths import repo_root

KEYS = {"intent_accuracy_text", "intent_accuracy_audio", "endpoint_delay_ms_p95",
        "reply_latency_ms_p50", "reply_latency_ms_p95", "stt_rtf"}  # fmt: skip


@pytest.mark.bench
def test_bench_speech_quick_prints_one_json_line(capsys):
    bench = runpy.run_path(str(repo_root() / "bench" / "speech.py"), run_name="bench")
    assert bench["main"](["--n", "2", "--no-free-pass", "--rates", "1.0"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert set(figures) >= KEYS
    assert figures["intent_accuracy_text"] >= 0.95
    assert figures["audio_items"] == 4
    assert 0.0 <= figures["intent_accuracy_audio"] <= 1.0
    assert figures["reply_latency_ms_p95"] > 0
