"""`concierge bench speech` at quick size prints one JSON line with the documented figures."""

from __future__ import annotations

import json
import runpy

import pytest
from concierge_content.paths import repo_root

KEYS = {"intent_accuracy_text", "intent_accuracy_ko_10db", "intent_accuracy_en_10db",
        "intent_accuracy_ko_10db_heldout", "acted_wrong_ko_10db", "confirm_rate_ko_10db",
        "not_heard_rate_en_10db", "endpoint_delay_ms_p95", "reply_latency_ms_p50",
        "reply_latency_ms_p95", "stt_load_s"}  # fmt: skip


@pytest.mark.bench
def test_bench_speech_quick_prints_one_json_line(capsys):
    bench = runpy.run_path(str(repo_root() / "bench" / "speech.py"), run_name="bench")
    assert bench["main"](["--n-ko", "2", "--n-en", "2", "--snr-db", "10"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert set(figures) >= KEYS
    assert figures["intent_accuracy_text"] >= 0.95
    assert figures["audio_items"] == {"ko": 2, "en": 2}
    assert 0.0 <= figures["intent_accuracy_ko_10db"] <= 1.0
    assert figures["reply_latency_ms_p95"] > 0


def test_test_set_has_voices_of_several_kinds_and_a_held_out_part():
    bench = runpy.run_path(str(repo_root() / "bench" / "speech.py"), run_name="bench")
    items = bench["test_set"](64, 32)
    assert sum(i.lang == "ko" for i, _ in items) == 64
    assert sum(i.lang == "en" for i, _ in items) == 32
    assert len({v.name for _, v in items}) >= 10
    assert len({v.wpm for _, v in items}) >= 3 and len({v.pitch for _, v in items}) >= 3
    assert any(i.heldout for i, _ in items) and any(not i.heldout for i, _ in items)
