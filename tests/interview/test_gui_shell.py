"""The interview mode inside the real kiosk shell: opens, switches language, survives idleness."""

from __future__ import annotations

import pytest
from interview_helpers import screenshot
from PyQt6.QtCore import Qt

from kiosk_ui.app import KioskWindow, ShellConfig
from kiosk_ui.interview.flow import Phase

pytestmark = pytest.mark.gui
WAIT_MS = 10_000


@pytest.fixture
def window(qtbot, var_dir, monkeypatch):
    monkeypatch.setenv("CONCIERGE_INTERVIEW_SOURCE", "test-pattern")  # the explicit flag
    monkeypatch.setenv("CONCIERGE_INTERVIEW_TIME_SCALE", "0.02")
    cfg = ShellConfig(fullscreen=False, idle_warning_s=30, idle_timeout_s=60)
    win = KioskWindow(cfg)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.shutdown()


def test_language_switch_relabels_the_interview_screens(qtbot, window):
    mode = window.open_mode("interview")
    start = mode.screens.start_page
    qtbot.waitUntil(lambda: "practice" in start.set_buttons, timeout=WAIT_MS)
    assert "모의 면접" in start.set_buttons["practice"].text()
    window.set_lang("en")
    mode.screens.refresh()
    assert "Mock interview" in start.set_buttons["practice"].text()
    assert start.set_buttons["practice"].isVisible()
    assert start.review_btn.text() == window.ctx.t("interview.reviewer_open")
    assert "Staff" in start.review_btn.text()
    screenshot(window, "10-start-en-in-shell")


def test_idle_timeout_mid_interview_returns_to_start_and_is_not_offered_to_the_next_person(
    qtbot, window
):
    mode = window.open_mode("interview")
    screens, ctrl = mode.screens, mode.ctrl
    qtbot.waitUntil(lambda: "practice" in screens.start_page.set_buttons, timeout=WAIT_MS)
    qtbot.mouseClick(screens.start_page.set_buttons["practice"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screens.consent_page.agree_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screens.check_page.continue_btn.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(screens.check_page.continue_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screens.question_page.answer_now_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctrl.flow.phase is Phase.ANSWERED, timeout=WAIT_MS)  # at the limit
    iid = ctrl.interview.id

    mode.idle_timeout()  # what the shell calls after its warning

    qtbot.waitUntil(lambda: screens.currentWidget() is screens.start_page, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: ctrl.resumable is None and not ctrl.busy, timeout=WAIT_MS)
    assert not screens.start_page.resume_btn.isVisible()
    assert [a.question_index for a in mode.store.answers(iid)] == [0]  # kept for reviewers
    # marking it abandoned is disk work on the controller's worker thread, not the UI thread
    qtbot.waitUntil(lambda: mode.store.unfinished() is None, timeout=WAIT_MS)


def test_large_text_start_screen_fits(qtbot, window):
    window.acc.large_text = True
    window.apply_settings()
    mode = window.open_mode("interview")
    start = mode.screens.start_page
    qtbot.waitUntil(lambda: "practice" in start.set_buttons, timeout=WAIT_MS)
    for btn in start.set_buttons.values():
        assert btn.fontMetrics().horizontalAdvance(btn.text()) <= btn.width()
    screenshot(window, "11-start-large-text")
    screens = mode.screens
    qtbot.mouseClick(start.set_buttons["practice"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screens.consent_page.agree_btn, Qt.MouseButton.LeftButton)
    check = screens.check_page
    qtbot.waitUntil(lambda: check.continue_btn.isEnabled(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not check.preview.pixmap().isNull(), timeout=WAIT_MS)
    screenshot(window, "12-device-check-large-text")
    qtbot.mouseClick(check.continue_btn, Qt.MouseButton.LeftButton)
    page = screens.question_page
    for btn in (page.answer_now_btn, check.continue_btn, check.leave_btn):
        assert btn.fontMetrics().horizontalAdvance(btn.text()) <= btn.width(), btn.text()
    screenshot(window, "13-think-large-text")
