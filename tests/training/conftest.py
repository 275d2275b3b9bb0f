"""A kiosk window opened on the training mode, with its own database in a tmp dir, and a clock
the test moves: practice timers (busy screens, the time limit, the queue, hints) run on it."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from kiosk_ui.app import KioskWindow, ShellConfig
from kiosk_ui.modes.base import Accessibility
from kiosk_ui.modes.training import TrainingMode


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


class Kiosk:
    """Drives the training mode the way a trainee does: by clicking the real widgets."""

    def __init__(self, qtbot, win: KioskWindow):
        self.qtbot = qtbot
        self.win = win
        self.mode: TrainingMode = win.current_mode()
        self.clock = FakeClock()
        self.mode.clock = self.clock

    def advance(self, seconds: float, step: float = 0.25) -> None:
        """Time passes for the practice kiosk (what the app's QTimer does every 200 ms)."""
        for _ in range(round(seconds / step)):
            self.clock.t += step
            self.mode.tick()

    def until_ready(self) -> None:
        """Wait (in kiosk time) while the machine is busy reading a card or printing."""
        for _ in range(100):
            if not self.mode.session.waiting:
                return
            self.advance(0.5)
        raise AssertionError("the practice kiosk stayed busy")

    def click(self, widget) -> None:
        assert widget.isVisible() and widget.isEnabled(), widget.objectName()
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def idle(self) -> None:
        self.qtbot.wait_until(lambda: not self.mode.busy, timeout=60_000)

    def page(self):
        return self.mode.current_page()

    def attempts(self) -> list[dict]:
        """This trainee's attempts as stored in SQLite."""
        self.idle()
        tid = self.mode.trainee.id
        return [r for r in self.mode.store.rows("attempts") if r["trainee_id"] == tid]

    def sign_in(self, name="김영희", code=None) -> None:
        global _codes
        if code is None:  # a new trainee per test, so tests sharing a window never mix
            _codes += 1
            code = f"{_codes:04d}"
        s = self.mode.signin
        s.name.setText(name)
        s.code.setText(code)
        self.click(s.start)
        self.idle()

    def open(self, kiosk: str, style: str, task: str | None = None) -> None:
        self.click(self.mode.catalog.kiosk_buttons[kiosk])
        if task is not None and task in self.mode.style_page.task_buttons:
            self.click(self.mode.style_page.task_buttons[task])
        self.click(self.mode.style_page.style_buttons[_style(style)])

    def press(self, button_id: str) -> None:
        self.click(self.mode.practice.kiosk_buttons[button_id])

    def do_step(self, step) -> None:
        """The right digits and the right press for one step."""
        self.until_ready()
        self.type(step.input or "")
        self.press(step.press)

    def see_result(self) -> None:
        self.until_ready()
        self.click(self.mode.practice.result_btn)

    def type(self, digits: str) -> None:
        for d in digits:
            self.click(self.mode.practice.digit_buttons[d])

    def feedback(self) -> str:
        fb = self.mode.practice.feedback
        return fb.text() if fb.isVisible() else ""


_codes = 0


def _style(name: str):
    from kiosk_ui.training.engine import Style

    return Style(name)


@pytest.fixture
def make_kiosk(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path / "var"))
    made: list[tuple[KioskWindow, TrainingMode]] = []

    def make(idle_warning_s=60.0, idle_timeout_s=120.0, voice_dir=None, **acc):
        acc.setdefault("voice_guidance", voice_dir is not None)
        cfg = ShellConfig(
            mode="training",
            fullscreen=False,
            idle_warning_s=idle_warning_s,
            idle_timeout_s=idle_timeout_s,
            voice_wav_dir=voice_dir,
            accessibility=Accessibility(**acc),
        )
        win = KioskWindow(cfg)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        k = Kiosk(qtbot, win)
        made.append((win, k.mode))
        k.idle()
        return k

    yield make
    for win, mode in made:
        mode.close()
        win.shutdown()
    QApplication.processEvents()


@pytest.fixture(scope="module")
def shared_window(qapp, tmp_path_factory):
    """One window for a whole test module: building the shell costs more than most tests."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONCIERGE_VAR", str(tmp_path_factory.mktemp("var")))
        cfg = ShellConfig(
            mode="training",
            fullscreen=False,
            accessibility=Accessibility(voice_guidance=False),
        )
        win = KioskWindow(cfg)
        win.resize(1280, 800)
        win.show()
        yield win
        win.current_mode().close()
        win.shutdown()
        win.close()
        win.deleteLater()
        QApplication.processEvents()


@pytest.fixture
def kiosk(qtbot, shared_window, monkeypatch):
    """The shared window, back on the sign-in page with long idle times (the app's idle timer
    runs on wall time; the practice timers run on the test's clock)."""
    win = shared_window
    win.ctx.idle_warning_s, win.ctx.idle_timeout_s = 60.0, 120.0
    k = Kiosk(qtbot, win)
    k.idle()
    k.mode.sign_out()
    k.mode.hint_mode = False
    win.touch()
    return k
