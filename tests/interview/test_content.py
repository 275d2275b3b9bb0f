"""content/interview: the shipped sets load; mistakes are reported at file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from concierge_content.check import run_checks
from concierge_content.errors import ContentErrors
from concierge_content.interview import load_interview_content
from concierge_content.paths import content_root


def test_shipped_interview_content_is_valid():
    content = load_interview_content()
    assert any(s.practice for s in content.sets.values())
    assert len(content.criteria) >= 3
    assert run_checks(only=["interview"]) == []


@pytest.fixture
def content_copy(tmp_path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(content_root() / "interview", root / "interview")
    return root


def test_a_bad_retake_count_and_a_missing_translation_point_at_their_lines(content_copy):
    path = content_copy / "interview" / "practice.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("retakes: 3", "retakes: -1")
    text = text.replace('    en: "Please introduce yourself in one minute."\n', "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_interview_content(content_copy)
    lines = text.splitlines()
    messages = [str(e) for e in info.value.errors]
    retakes_line = lines.index("retakes: -1") + 1
    assert any(m.startswith(f"{path}:{retakes_line}: retakes") for m in messages), messages
    assert any("questions.0.en" in m and f"{path}:" in m for m in messages), messages


def test_duplicate_question_ids_are_refused(content_copy):
    path = content_copy / "interview" / "practice.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("id: strength", "id: intro"), encoding="utf-8"
    )
    errors = run_checks(content_copy, only=["interview"])
    assert any("used twice" in str(e) and str(path) in str(e) for e in errors)
