"""The app shell: modes from the registry, one accessibility setting, one idle timer."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLabel, QPushButton

import kiosk_ui.app as app_mod
from kiosk_ui.app import KioskWindow, ShellConfig
from kiosk_ui.modes.base import Mode

pytestmark = pytest.mark.gui


class ProbeMode(Mode):
    """A minimal mode that records what the shell asks of it."""

    name = "probe"

    def __init__(self, ctx):
        super().__init__(ctx)
        self.events: list[str] = []

    def build(self, parent):
        self.label = QLabel(self.ctx.t("kiosk.home"), parent)
        return self.label

    def start(self):
        self.events.append("start")

    def stop(self):
        self.events.append("stop")

    def apply_settings(self):
        self.label.setText(self.ctx.t("kiosk.home"))
        self.events.append("settings")

    def idle_timeout(self):
        self.events.append("idle_timeout")


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path))
    real = app_mod.load_mode_class
    monkeypatch.setattr(
        app_mod, "load_mode_class", lambda n: ProbeMode if n == "robot" else real(n)
    )
    cfg = ShellConfig(fullscreen=False, idle_warning_s=0.3, idle_timeout_s=2.0)
    win = KioskWindow(cfg)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.shutdown()


def test_home_lists_every_registered_mode(window):
    labels = [b.text() for b in window.mode_buttons.values()]
    assert len(labels) == 5 and "키오스크 배우기" in labels


def test_opening_a_mode_starts_it_and_going_home_stops_it(window, qtbot):
    qtbot.mouseClick(window.mode_buttons["robot"], Qt.MouseButton.LeftButton)
    mode = window.current_mode()
    assert isinstance(mode, ProbeMode) and mode.events == ["start"]
    qtbot.mouseClick(window.home_btn, Qt.MouseButton.LeftButton)
    assert mode.events == ["start", "stop"] and window.current is None


def test_a_mode_that_cannot_load_shows_a_message_not_a_crash(window, monkeypatch):
    monkeypatch.setitem(app_mod.MODES, "ghost", "kiosk_ui.modes.no_such_mode:Ghost")
    monkeypatch.setattr(app_mod, "load_mode_class", lambda n: __import__("kiosk_ui.modes.nope"))
    assert window.open_mode("ghost") is None
    assert window.stack.currentWidget() is window.unavailable
    assert "직원" in window.unavailable.text()


def test_language_switch_relabels_shell_and_mode(window, qtbot):
    mode = window.open_mode("robot")
    qtbot.mouseClick(window.lang_btn, Qt.MouseButton.LeftButton)
    assert window.ctx.lang == "en"
    assert window.home_btn.text() == "Home" and mode.label.text() == "Home"
    assert window.lang_btn.text() == "한국어"
    assert "settings" in mode.events


def test_large_text_toggle_makes_every_button_at_least_88_px_high(window, qtbot):
    qtbot.mouseClick(window.large_btn, Qt.MouseButton.LeftButton)
    assert window.acc.large_text
    qtbot.wait_until(lambda: window.large_btn.height() >= 88, timeout=2000)
    for b in window.findChildren(QPushButton):
        if b.isVisible():
            assert b.height() >= 88, b.objectName()
    qtbot.mouseClick(window.large_btn, Qt.MouseButton.LeftButton)
    assert not window.acc.large_text


def test_idle_warning_offers_more_time_and_extending_keeps_the_mode(window, qtbot):
    mode = window.open_mode("robot")
    qtbot.wait_until(window.idle_warning.isVisible, timeout=10_000)
    assert "시간" in window.idle_warning.message.text()
    qtbot.mouseClick(window.idle_warning.more_time, Qt.MouseButton.LeftButton)
    assert not window.idle_warning.isVisible()
    assert "idle_timeout" not in mode.events
    assert window.idle_seconds_left() > 1.0


def test_no_touch_after_the_warning_returns_the_mode_to_its_start(window, qtbot):
    with qtbot.waitSignal(window.idle_timed_out, timeout=15_000):
        mode = window.open_mode("robot")
    assert mode.events[-1] == "idle_timeout" and not window.idle_warning.isVisible()
