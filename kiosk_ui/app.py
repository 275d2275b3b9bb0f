"""The kiosk app shell: one window, modes from the registry, one accessibility setting, one idle
timer.

The shell knows nothing about a mode beyond kiosk_ui.modes.base.Mode; a mode's module is imported
the first time it is opened, so start-up pays only for the shell.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from concierge_content.paths import var_root
from PyQt6.QtCore import QEvent, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui import content_cache, theme
from kiosk_ui.modes import MODES, load_mode_class
from kiosk_ui.modes.base import Accessibility, KioskContext, Mode
from kiosk_ui.voice import VoiceGuide

log = logging.getLogger(__name__)

LANGS = ("ko", "en")


@dataclass
class ShellConfig:
    mode: str | None = None  # open this mode at start; None shows the mode list
    lang: str = "ko"
    fullscreen: bool = True
    idle_warning_s: float = 90.0
    idle_timeout_s: float = 120.0
    voice_wav_dir: Path | None = None  # speech to WAV files instead of the speaker
    accessibility: Accessibility = field(default_factory=Accessibility)


class _ActivityFilter(QObject):
    """Any press or key anywhere in the app counts as activity for the one idle timer."""

    _EVENTS = {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.Wheel,
    }

    def __init__(self, on_activity):
        super().__init__()
        self._on_activity = on_activity

    def eventFilter(self, obj, event):
        if event.type() in self._EVENTS:
            self._on_activity()
        return False


class IdleWarning(QFrame):
    """ "Do you need more time?" with a countdown and a button that extends the time."""

    extend = pyqtSignal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("idle_warning")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(32, 32, 32, 32)
        self.message = QLabel(wordWrap=True)
        self.message.setProperty("role", "title")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = QLabel(wordWrap=True)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.more_time = QPushButton()
        self.more_time.setObjectName("more_time")
        self.more_time.setProperty("role", "primary")
        self.more_time.clicked.connect(self.extend)
        lay.addWidget(self.message)
        lay.addWidget(self.countdown)
        lay.addWidget(self.more_time)
        self.hide()

    def place(self) -> None:
        parent = self.parentWidget()
        w = min(parent.width() - 40, max(520, parent.width() // 2))
        self.setFixedWidth(w)
        self.adjustSize()
        self.move((parent.width() - w) // 2, max(20, (parent.height() - self.height()) // 2))


class KioskWindow(QMainWindow):
    """The main window: a top bar that is always there, and one page per opened mode."""

    mode_changed = pyqtSignal(str)
    idle_timed_out = pyqtSignal()

    def __init__(self, config: ShellConfig | None = None, strings=None):
        super().__init__()
        self.config = config or ShellConfig()
        self.strings = strings or content_cache.strings()
        self.acc = self.config.accessibility
        self.voice = VoiceGuide(self.acc, self.config.voice_wav_dir)
        self.ctx = KioskContext(
            strings=self.strings,
            var_dir=var_root(),
            lang=self.config.lang if self.config.lang in LANGS else "ko",
            accessibility=self.acc,
            speak=self.voice.speak,
            touch=self.touch,
            idle_warning_s=self.config.idle_warning_s,
            idle_timeout_s=self.config.idle_timeout_s,
            set_lang=self.set_lang,
            apply_accessibility=self.apply_settings,
        )
        self.modes: dict[str, tuple[Mode, QWidget]] = {}
        self.current: str | None = None
        self._build()
        self._activity = _ActivityFilter(self.touch)
        QApplication.instance().installEventFilter(self._activity)
        self.apply_settings()
        if self.config.mode:
            self.open_mode(self.config.mode)
        else:
            self.show_home()

    # ---- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        root = QWidget()
        root.setObjectName("page")
        outer = QVBoxLayout(root)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        bar = QWidget()
        bar.setObjectName("topbar")
        bl = QHBoxLayout(bar)
        bl.setContentsMargins(12, 8, 12, 8)
        self.home_btn = self._bar_button("home", self.show_home)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setObjectName("shell_title")
        # The bar's buttons must never be cut: the title gives way first.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.voice_btn = self._bar_button("voice_toggle", self._toggle_voice, checkable=True)
        self.voice_settings_btn = self._bar_button("voice_settings", self._toggle_voice_panel)
        self.large_btn = self._bar_button("large_text", self._toggle_large, checkable=True)
        self.contrast_btn = self._bar_button(
            "high_contrast", self._toggle_contrast, checkable=True
        )
        self.lang_btn = self._bar_button("lang_switch", self._switch_lang)
        bl.addWidget(self.home_btn)
        bl.addWidget(self.title, 1)
        for b in (
            self.voice_btn,
            self.voice_settings_btn,
            self.large_btn,
            self.contrast_btn,
            self.lang_btn,
        ):
            bl.addWidget(b)
        outer.addWidget(bar)

        self.voice_panel = QWidget()
        self.voice_panel.setObjectName("topbar")
        vl = QHBoxLayout(self.voice_panel)
        self.rate_label = QLabel()
        self.rate = QSlider(Qt.Orientation.Horizontal, objectName="voice_rate")
        self.rate.setRange(50, 200)
        self.rate.setValue(round(self.acc.voice_rate * 100))
        self.rate.valueChanged.connect(self._voice_changed)
        self.volume_label = QLabel()
        self.volume = QSlider(Qt.Orientation.Horizontal, objectName="voice_volume")
        self.volume.setRange(0, 100)
        self.volume.setValue(round(self.acc.voice_volume * 100))
        self.volume.valueChanged.connect(self._voice_changed)
        self.test_voice_btn = self._bar_button("voice_test", self._test_voice)
        for w in (self.rate_label, self.rate, self.volume_label, self.volume, self.test_voice_btn):
            vl.addWidget(w)
        self.voice_panel.hide()
        outer.addWidget(self.voice_panel)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.home = QWidget()
        self.home.setObjectName("page")
        self.home_grid = QGridLayout(self.home)
        self.home_grid.setContentsMargins(40, 40, 40, 40)
        self.home_grid.setSpacing(24)
        self.mode_buttons: dict[str, QPushButton] = {}
        for i, name in enumerate(MODES):
            b = QPushButton(objectName=f"mode_{name}")
            b.setMinimumHeight(120)
            b.clicked.connect(lambda _=False, n=name: self.open_mode(n))
            self.home_grid.addWidget(b, i // 2, i % 2)
            self.mode_buttons[name] = b
        self.stack.addWidget(self.home)
        self.unavailable = QLabel(wordWrap=True, objectName="mode_unavailable")
        self.unavailable.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unavailable.setProperty("role", "error")
        self.stack.addWidget(self.unavailable)
        self.setCentralWidget(root)

        self.idle_warning = IdleWarning(self.stack)
        self.idle_warning.extend.connect(self.touch)
        self._warn_timer = QTimer(self, singleShot=True)
        self._warn_timer.timeout.connect(self._show_idle_warning)
        self._timeout_timer = QTimer(self, singleShot=True)
        self._timeout_timer.timeout.connect(self._idle_timeout)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._update_countdown)

    def _bar_button(self, key: str, slot, checkable: bool = False) -> QPushButton:
        b = QPushButton(objectName=key)
        b.setCheckable(checkable)
        b.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        b.clicked.connect(slot)
        return b

    # ---- modes --------------------------------------------------------------------------
    def show_home(self) -> None:
        self._stop_current()
        self.stack.setCurrentWidget(self.home)
        self.title.setText(self.ctx.t("kiosk.app_title"))
        self.home_btn.setEnabled(False)
        self.mode_changed.emit("")

    def open_mode(self, name: str) -> Mode | None:
        """Show mode `name`, built on first use; a broken mode shows a message, not a crash."""
        if name == self.current:
            return self.modes[name][0]
        self._stop_current()
        if name not in self.modes:
            try:
                cls = load_mode_class(name)
                mode = cls(self.ctx)
                widget = mode.build(self.stack)
            except Exception as exc:  # a missing or broken mode must not take the kiosk down
                log.exception("kiosk mode %s cannot open", name)
                self.unavailable.setText(self.ctx.t("kiosk.mode_unavailable", error=str(exc)))
                self.stack.setCurrentWidget(self.unavailable)
                self.title.setText(self._mode_title(name))
                self.home_btn.setEnabled(True)
                return None
            self.stack.addWidget(widget)
            self.modes[name] = (mode, widget)
        mode, widget = self.modes[name]
        self.stack.setCurrentWidget(widget)
        self.current = name
        self.title.setText(self._mode_title(name))
        self.home_btn.setEnabled(True)
        mode.start()
        self.touch()
        self.mode_changed.emit(name)
        return mode

    def _mode_title(self, name: str) -> str:
        key = f"kiosk.mode_{name}"
        return self.ctx.t(key) if self.strings.has(key) else name

    def current_mode(self) -> Mode | None:
        return self.modes[self.current][0] if self.current else None

    def _stop_current(self) -> None:
        if self.current is not None:
            self.modes[self.current][0].stop()
        self.current = None

    # ---- settings -----------------------------------------------------------------------
    def set_lang(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; choose one of: {', '.join(LANGS)}")
        if lang != self.ctx.lang:
            self.ctx.lang = lang
            self.apply_settings()

    def _switch_lang(self) -> None:
        self.set_lang("en" if self.ctx.lang == "ko" else "ko")

    def _toggle_large(self) -> None:
        self.acc.large_text = not self.acc.large_text
        self.apply_settings()

    def _toggle_contrast(self) -> None:
        self.acc.high_contrast = not self.acc.high_contrast
        self.apply_settings()

    def _toggle_voice(self) -> None:
        self.acc.voice_guidance = not self.acc.voice_guidance
        self.apply_settings()

    def _toggle_voice_panel(self) -> None:
        self.voice_panel.setVisible(not self.voice_panel.isVisible())

    def _voice_changed(self) -> None:
        self.acc.voice_rate = self.rate.value() / 100
        self.acc.voice_volume = self.volume.value() / 100
        self._retranslate()

    def _test_voice(self) -> None:
        self.voice.speak(self.ctx.t("kiosk.voice_sample"), self.ctx.lang)

    def apply_settings(self) -> None:
        """Restyle everything for the current accessibility settings and re-label the shell."""
        app = QApplication.instance()
        app.setStyleSheet(theme.style_sheet(self.acc))
        self._retranslate()
        for mode, _ in self.modes.values():
            mode.apply_settings()

    def _retranslate(self) -> None:
        t = self.ctx.t
        self.home_btn.setText(t("kiosk.home"))
        self.voice_btn.setChecked(self.acc.voice_guidance)
        voice_key = "kiosk.voice_on" if self.acc.voice_guidance else "kiosk.voice_off"
        self.voice_btn.setText(t(voice_key))
        self.voice_settings_btn.setText(t("kiosk.voice_settings"))
        self.large_btn.setChecked(self.acc.large_text)
        self.large_btn.setText(t("kiosk.large_text"))
        self.contrast_btn.setChecked(self.acc.high_contrast)
        self.contrast_btn.setText(t("kiosk.high_contrast"))
        self.lang_btn.setText(t("kiosk.lang_switch"))
        self.rate_label.setText(t("kiosk.voice_rate", percent=round(self.acc.voice_rate * 100)))
        self.volume_label.setText(
            t("kiosk.voice_volume", percent=round(self.acc.voice_volume * 100))
        )
        self.test_voice_btn.setText(t("kiosk.voice_test"))
        for name, b in self.mode_buttons.items():
            b.setText(self._mode_title(name))
        if self.current:
            self.title.setText(self._mode_title(self.current))
        elif self.stack.currentWidget() is self.home:
            self.title.setText(t("kiosk.app_title"))
        self.idle_warning.message.setText(t("kiosk.idle_question"))
        self.idle_warning.more_time.setText(t("kiosk.idle_more_time"))
        self._update_countdown()

    # ---- the one idle timer ------------------------------------------------------------
    def touch(self) -> None:
        """User activity: hide the warning and start counting again."""
        if self.idle_warning.isVisible():
            self.idle_warning.hide()
            self._tick.stop()
        self._warn_timer.start(round(self.ctx.idle_warning_s * 1000))
        self._timeout_timer.start(round(self.ctx.idle_timeout_s * 1000))

    def idle_seconds_left(self) -> float:
        return max(0.0, self._timeout_timer.remainingTime() / 1000)

    def _show_idle_warning(self) -> None:
        if self.current is None:  # nothing to lose on the mode list
            return
        self._update_countdown()
        self.idle_warning.place()
        self.idle_warning.show()
        self.idle_warning.raise_()
        self._tick.start()
        self.voice.speak(self.ctx.t("kiosk.idle_question"), self.ctx.lang)

    def _update_countdown(self) -> None:
        secs = round(self.idle_seconds_left()) if self._timeout_timer.isActive() else 0
        self.idle_warning.countdown.setText(self.ctx.t("kiosk.idle_countdown", seconds=secs))

    def _idle_timeout(self) -> None:
        self.idle_warning.hide()
        self._tick.stop()
        self._warn_timer.stop()
        mode = self.current_mode()
        if mode is not None:
            mode.idle_timeout()
        self.idle_timed_out.emit()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.idle_warning.isVisible():
            self.idle_warning.place()

    def closeEvent(self, event):
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop every mode (timers, threads, devices) and the voice worker."""
        self._stop_current()
        for mode, _ in self.modes.values():
            try:
                mode.stop()
            except Exception:
                log.exception("stopping mode %s", mode.name)
        self._warn_timer.stop()
        self._timeout_timer.stop()
        self._tick.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)
        self.voice.stop()


def run(config: ShellConfig) -> int:
    """Open the kiosk window and run the Qt event loop until it closes."""
    import sys

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("concierge-kiosk")
    win = KioskWindow(config)
    if config.fullscreen:
        win.showFullScreen()
    else:
        win.resize(1280, 800)
        win.show()
    return app.exec()
