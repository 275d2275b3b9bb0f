"""A whole interview driven through the kiosk screens on the test pattern, then reviewed."""

from __future__ import annotations

import hashlib
import zipfile

import pytest
from interview_helpers import (
    audio_duration_s,
    decoded_frames,
    make_mode,
    mp4_stream_durations,
    pattern_settings,
    screenshot,
)
from PyQt6.QtCore import Qt

from kiosk_ui.interview.capture import SOURCE_DEVICES, CaptureSettings
from kiosk_ui.interview.controller import InterviewSettings
from kiosk_ui.interview.flow import Phase

pytestmark = pytest.mark.gui

WAIT_MS = 10_000


def click(qtbot, btn) -> None:
    assert btn.isVisible() and btn.isEnabled(), btn.text()
    qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)


@pytest.fixture
def interview_mode(qtbot, var_dir):
    mode, parent, widget = make_mode(var_dir, pattern_settings())
    qtbot.addWidget(parent)
    parent.show()
    mode.start()
    yield mode
    mode.stop()


def check_recording(answer, recorded_s: float) -> None:
    """The file a reviewer gets plays for as long as the person spoke (read back with OpenCV)."""
    frames, fps, size = decoded_frames(answer.video_path)
    assert frames == answer.frames
    assert fps == pytest.approx(30.0)
    assert size == (640, 480)
    assert frames / fps == pytest.approx(recorded_s, abs=0.25)  # 2 shared cores: slack
    assert audio_duration_s(answer.audio_path) == pytest.approx(frames / fps, abs=0.05)
    streams = mp4_stream_durations(answer.video_path)  # one file plays picture and sound
    assert streams["audio"] == pytest.approx(streams["video"], abs=0.1)


def test_whole_interview_with_think_time_early_stop_retake_and_review(qtbot, interview_mode):
    mode = interview_mode
    ctrl, screens = mode.ctrl, mode.screens
    start = screens.start_page
    qtbot.waitUntil(lambda: "practice" in start.set_buttons, timeout=WAIT_MS)
    screenshot(mode.widget, "01-start")

    click(qtbot, start.set_buttons["practice"])
    assert screens.currentWidget() is screens.consent_page
    assert "90" in screens.consent_page.paragraphs[2].text()  # retention period shown
    screenshot(mode.widget, "02-consent")
    click(qtbot, screens.consent_page.agree_btn)

    check = screens.check_page
    qtbot.waitUntil(lambda: screens.currentWidget() is check, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: check.continue_btn.isEnabled(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: check.level.value() > 0, timeout=WAIT_MS)  # the tone moves the meter
    qtbot.waitUntil(lambda: not check.preview.pixmap().isNull(), timeout=WAIT_MS)
    assert check.source_note.text()  # the test pattern says so on screen
    screenshot(mode.widget, "03-device-check")
    click(qtbot, check.continue_btn)

    # question 1: shown, read aloud, think time runs out by itself, recording runs to the limit
    page = screens.question_page
    assert ctrl.flow.phase is Phase.THINK
    assert "1 / 3" in page.progress.text()
    assert mode.spoken[-1] == (page.question.text(), "ko")
    screenshot(mode.widget, "04-think")
    qtbot.waitUntil(lambda: ctrl.flow.phase is Phase.RECORDING, timeout=WAIT_MS)
    t_rec = ctrl.clock()
    assert page.stop_btn.isVisible()
    qtbot.waitUntil(lambda: ctrl.flow.phase is not Phase.RECORDING, timeout=WAIT_MS)
    limit_s = ctrl.flow.answer_limit_s()
    assert ctrl.clock() - t_rec == pytest.approx(limit_s, abs=0.5)
    qtbot.waitUntil(lambda: ctrl.flow.phase is Phase.ANSWERED, timeout=WAIT_MS)
    first = ctrl.last_answer
    check_recording(first, limit_s)
    assert page.retake_btn.isVisible() and "3" in page.retake_btn.text()
    screenshot(mode.widget, "06-answered")

    # retake: answer at once, stop early
    click(qtbot, page.retake_btn)
    assert ctrl.flow.phase is Phase.THINK
    click(qtbot, page.answer_now_btn)
    assert ctrl.flow.phase is Phase.RECORDING
    t0 = ctrl.clock()
    qtbot.waitUntil(lambda: ctrl.clock() - t0 >= 0.5, timeout=WAIT_MS)
    assert "●" in page.status.text()
    screenshot(mode.widget, "05-recording")
    click(qtbot, page.stop_btn)
    stopped_after = ctrl.clock() - t0
    qtbot.waitUntil(lambda: ctrl.flow.phase is Phase.ANSWERED, timeout=WAIT_MS)
    retake = ctrl.last_answer
    assert retake.take == 2
    check_recording(retake, stopped_after)
    assert not first.video_path.exists()  # the replaced take is gone
    assert "2" in page.retake_btn.text()

    # questions 2 and 3, stopped early
    for n in (2, 3):
        click(qtbot, page.next_btn)
        assert f"{n} / 3" in page.progress.text()
        click(qtbot, page.answer_now_btn)
        t0 = ctrl.clock()
        qtbot.waitUntil(lambda t0=t0: ctrl.clock() - t0 >= 0.3, timeout=WAIT_MS)
        click(qtbot, page.stop_btn)
        qtbot.waitUntil(lambda: ctrl.flow.phase is Phase.ANSWERED, timeout=WAIT_MS)
    click(qtbot, page.next_btn)  # "finish" on the last question
    qtbot.waitUntil(lambda: screens.currentWidget() is screens.done_page, timeout=WAIT_MS)
    screenshot(mode.widget, "07-done")
    iv = ctrl.interview
    qtbot.waitUntil(lambda: mode.store.interview(iv.id).complete, timeout=WAIT_MS)
    answers = mode.store.answers(iv.id)
    assert [a.question_index for a in answers] == [0, 1, 2]
    assert mode.store.verify(iv.id) == []
    listed = {p.name for a in answers for p in (a.video_path, a.audio_path)} | {"manifest.json"}
    assert {p.name for p in mode.store.interview_dir(iv.id).iterdir()} == listed

    # review: play an answer, rate, comment, export
    click(qtbot, screens.done_page.home_btn)
    click(qtbot, screens.start_page.review_btn)
    rv = mode.reviewer
    qtbot.waitUntil(lambda: rv.list.count() == 1, timeout=WAIT_MS)
    rv.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: rv.answer_list.count() == 3, timeout=WAIT_MS)
    rv.answer_list.setCurrentRow(0)
    qtbot.waitUntil(lambda: rv.player.frames_shown >= 5, timeout=WAIT_MS)
    assert rv.player.video.hasAudio()  # the answer's sound is in the same file
    assert rv.player.error == ""
    click(qtbot, rv.rating_groups["clarity"].button(4))
    click(qtbot, rv.rating_groups["motivation"].button(5))
    expected = {"clarity": 4, "motivation": 5}
    qtbot.waitUntil(lambda: mode.store.ratings(iv.id) == expected, timeout=WAIT_MS)
    rv.comment_edit.insertPlainText("목소리가 또렷합니다")  # QTest types ASCII only
    click(qtbot, rv.comment_btn)
    qtbot.waitUntil(lambda: "또렷" in rv.comments.text(), timeout=WAIT_MS)
    screenshot(mode.widget, "08-review")
    click(qtbot, rv.export_btn)
    qtbot.waitUntil(lambda: hasattr(rv, "last_export"), timeout=WAIT_MS)
    exported = rv.last_export
    page_html = exported.summary_html.read_text(encoding="utf-8")
    assert "1분 동안 자기소개를 해 주세요." in page_html and "목소리가 또렷합니다" in page_html
    with zipfile.ZipFile(exported.archive_zip) as zf:
        for a in answers:
            assert hashlib.sha256(zf.read(a.video_path.name)).hexdigest() == a.video_sha256
            assert hashlib.sha256(zf.read(a.audio_path.name)).hexdigest() == a.audio_sha256


def test_missing_camera_shows_a_clear_message_and_blocks_the_interview(qtbot, var_dir):
    settings = InterviewSettings(capture=CaptureSettings(source=SOURCE_DEVICES))
    mode, parent, _widget = make_mode(var_dir, settings)
    qtbot.addWidget(parent)
    parent.show()
    mode.start()
    try:
        screens = mode.screens
        qtbot.waitUntil(lambda: "practice" in screens.start_page.set_buttons, timeout=WAIT_MS)
        click(qtbot, screens.start_page.set_buttons["practice"])
        click(qtbot, screens.consent_page.agree_btn)
        check = screens.check_page
        qtbot.waitUntil(lambda: mode.ctrl.device_error is not None, timeout=WAIT_MS)
        assert check.message.text() == mode.ctx.t("interview.no_camera")
        assert check.retry_btn.isVisible()
        assert not check.continue_btn.isEnabled()
        assert check.source_note.text() == ""  # no silent switch to the test pattern
        screenshot(mode.widget, "09-no-camera")
    finally:
        mode.stop()


def test_a_failed_save_says_so_keeps_nothing_half_written_and_does_not_use_a_retake(
    qtbot, interview_mode, monkeypatch
):
    import kiosk_ui.interview.recorder as recorder

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recorder, "mux_answer", disk_full)
    mode = interview_mode
    ctrl, screens = mode.ctrl, mode.screens
    qtbot.waitUntil(lambda: "practice" in screens.start_page.set_buttons, timeout=WAIT_MS)
    click(qtbot, screens.start_page.set_buttons["practice"])
    assert "90" in mode.spoken[-1][0]  # the consent text is read aloud too
    click(qtbot, screens.consent_page.agree_btn)
    qtbot.waitUntil(lambda: screens.check_page.continue_btn.isEnabled(), timeout=WAIT_MS)
    click(qtbot, screens.check_page.continue_btn)
    page = screens.question_page
    click(qtbot, page.answer_now_btn)
    t0 = ctrl.clock()
    qtbot.waitUntil(lambda: ctrl.clock() - t0 > 0.3, timeout=WAIT_MS)
    click(qtbot, page.stop_btn)
    qtbot.waitUntil(lambda: ctrl.save_error is not None, timeout=WAIT_MS)
    assert page.error.isVisible() and "No space left" in page.error.text()
    assert ctrl.flow.phase is Phase.THINK and ctrl.flow.index == 0  # answer this one again
    assert 0 not in ctrl.flow.takes
    iid = ctrl.interview.id
    assert mode.store.answers(iid) == []
    assert [p.name for p in mode.store.interview_dir(iid).iterdir()] == ["manifest.json"]


def test_camera_lost_mid_answer_goes_back_to_the_check_then_the_same_question(
    qtbot, interview_mode, monkeypatch
):
    from kiosk_ui.interview.capture import DeviceUnavailable, TestPatternSource

    unplugged = {"now": False}
    real_read = TestPatternSource.read

    def read(self):
        if unplugged["now"]:
            raise DeviceUnavailable("camera", "the camera stopped delivering frames")
        return real_read(self)

    monkeypatch.setattr(TestPatternSource, "read", read)
    mode = interview_mode
    ctrl, screens = mode.ctrl, mode.screens
    qtbot.waitUntil(lambda: "practice" in screens.start_page.set_buttons, timeout=WAIT_MS)
    click(qtbot, screens.start_page.set_buttons["practice"])
    click(qtbot, screens.consent_page.agree_btn)
    check = screens.check_page
    qtbot.waitUntil(lambda: check.continue_btn.isEnabled(), timeout=WAIT_MS)
    click(qtbot, check.continue_btn)
    page = screens.question_page
    click(qtbot, page.answer_now_btn)
    qtbot.waitUntil(lambda: ctrl.rig.frames_captured() > 5, timeout=WAIT_MS)
    unplugged["now"] = True

    qtbot.waitUntil(lambda: screens.currentWidget() is check, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: check.retry_btn.isVisible(), timeout=WAIT_MS)
    assert check.message.text() == mode.ctx.t("interview.no_camera")
    assert not check.continue_btn.isEnabled()
    iid = ctrl.interview.id
    assert mode.store.answers(iid) == []  # the cut-off take is not listed

    unplugged["now"] = False  # plugged back in
    click(qtbot, check.retry_btn)
    qtbot.waitUntil(lambda: check.continue_btn.isEnabled(), timeout=WAIT_MS)
    click(qtbot, check.continue_btn)
    assert ctrl.flow.phase is Phase.THINK and "1 / 3" in page.progress.text()
    assert ctrl.flow.retakes_left() == 3
