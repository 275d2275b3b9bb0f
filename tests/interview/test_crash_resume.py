"""A kiosk killed mid-answer loses only that answer, lists nothing missing, and resumes there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from interview_helpers import decoded_frames, make_mode, pattern_settings
from PyQt6.QtCore import Qt

from kiosk_ui.interview.files import sha256_file
from kiosk_ui.interview.flow import Phase
from kiosk_ui.interview.store import MANIFEST, InterviewStore

pytestmark = pytest.mark.gui
HERE = Path(__file__).parent
WAIT_MS = 10_000


def listed_files(store: InterviewStore, iid: str) -> set[str]:
    return {p.name for a in store.answers(iid) for p in (a.video_path, a.audio_path)}


def kill_mid_answer(var_dir: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(HERE), CONCIERGE_VAR=str(var_dir))
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "interview_child.py"), str(var_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        line = proc.stdout.readline()  # the child gives up by itself after 60 s
        assert line.startswith("RECORDING "), f"child did not reach question 2: {line!r}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return line.split()[1]


def test_kill_mid_answer_then_resume_at_that_question(qtbot, var_dir):
    iid = kill_mid_answer(var_dir)
    root = var_dir / "interviews"
    folder = root / iid

    # straight after the crash: everything listed is on disk and intact
    store = InterviewStore(root)
    answers = store.answers(iid)
    assert [a.question_index for a in answers] == [0]
    assert store.verify(iid) == []
    on_disk = {p.name for p in folder.iterdir()}
    assert listed_files(store, iid) <= on_disk
    assert any(name.startswith(".part-q01") for name in on_disk)  # the half-written answer
    store.close()

    # the kiosk starts again: the half answer is cleaned away, the interview is offered
    mode, parent, _ = make_mode(var_dir, pattern_settings())
    qtbot.addWidget(parent)
    parent.show()
    mode.start()
    try:
        ctrl, screens = mode.ctrl, mode.screens
        start = screens.start_page
        qtbot.waitUntil(lambda: start.resume_btn.isVisible(), timeout=WAIT_MS)
        assert {p.name for p in folder.iterdir()} == listed_files(mode.store, iid) | {MANIFEST}
        manifest = (folder / MANIFEST).read_text(encoding="utf-8")
        for a in mode.store.answers(iid):
            assert a.video_sha256 in manifest and sha256_file(a.video_path) == a.video_sha256
        frames, _fps, _size = decoded_frames(answers[0].video_path)
        assert frames == answers[0].frames > 0

        qtbot.mouseClick(start.resume_btn, Qt.MouseButton.LeftButton)
        check = screens.check_page
        qtbot.waitUntil(lambda: check.continue_btn.isEnabled(), timeout=WAIT_MS)
        qtbot.mouseClick(check.continue_btn, Qt.MouseButton.LeftButton)
        page = screens.question_page
        assert ctrl.flow.phase is Phase.THINK
        assert "2 / 3" in page.progress.text()
        assert page.question.text() == ctrl.content.question_set("practice").questions[1].ko
        qtbot.mouseClick(page.answer_now_btn, Qt.MouseButton.LeftButton)
        t0 = ctrl.clock()
        qtbot.waitUntil(lambda: ctrl.clock() - t0 > 0.3, timeout=WAIT_MS)
        qtbot.mouseClick(page.stop_btn, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: ctrl.flow.phase is Phase.ANSWERED, timeout=WAIT_MS)
        assert [a.question_index for a in mode.store.answers(iid)] == [0, 1]
    finally:
        mode.stop()
