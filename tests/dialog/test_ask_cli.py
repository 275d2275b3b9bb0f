"""`concierge ask`: one JSON object per utterance with the documented keys."""

from __future__ import annotations

import json
import subprocess
import sys

KEYS = {"intent", "place_id", "staff_id", "course_id", "action", "lang", "reply"}


def _ask(*args, stdin=None):
    cmd = [sys.executable, "-m", "concierge_bringup.cli", "ask", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=60)


def test_ask_prints_one_json_object_with_keys():
    out = _ask("--site", "city_hall", "화장실 어디예요")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= KEYS
    assert (data["intent"], data["place_id"], data["staff_id"]) == ("find_place", "toilet", None)


def test_ask_stdin_is_one_conversation_one_line_each():
    out = _ask("--site", "arboretum", "-", stdin="연못 어디예요\n거기로 데려다 주세요\n\nhello\n")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [d["intent"] for d in lines] == ["find_place", "escort", "greeting"]
    assert lines[1]["place_id"] == "pond" and lines[2]["lang"] == "en"


def test_ask_unknown_site_is_a_clear_error():
    out = _ask("--site", "moon", "hi")
    assert out.returncode == 2
    assert "unknown site 'moon'" in out.stderr and "Traceback" not in out.stderr
