"""Kiosk mode: one-way video job interviews (record answers) and the reviewer view (issue 7).

The capture source is a setting: real devices by default; the test pattern + tone only when
asked for explicitly (`CONCIERGE_INTERVIEW_SOURCE=test-pattern` or `settings=`), never as a
silent fallback. Think/answer times can be shortened for tests with
`CONCIERGE_INTERVIEW_TIME_SCALE`.
"""

from __future__ import annotations

import os

from concierge_content.interview import load_interview_content
from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk_ui.interview.capture import SOURCE_DEVICES, CaptureSettings
from kiosk_ui.interview.controller import InterviewController, InterviewSettings
from kiosk_ui.interview.store import InterviewStore
from kiosk_ui.interview.ui_common import Poster
from kiosk_ui.interview.ui_flow import InterviewScreens
from kiosk_ui.interview.ui_review import ReviewerView
from kiosk_ui.modes.base import KioskContext, Mode

TICK_MS = 100


def settings_from_env() -> InterviewSettings:
    source = os.environ.get("CONCIERGE_INTERVIEW_SOURCE", SOURCE_DEVICES)
    scale = float(os.environ.get("CONCIERGE_INTERVIEW_TIME_SCALE", "1"))
    if not 0 < scale <= 1:
        raise ValueError(f"CONCIERGE_INTERVIEW_TIME_SCALE must be in (0, 1], not {scale}")
    return InterviewSettings(capture=CaptureSettings(source=source), time_scale=scale)


class InterviewMode(Mode):
    name = "interview"
    title_key = "interview.title"

    def __init__(self, ctx: KioskContext, settings: InterviewSettings | None = None):
        super().__init__(ctx)
        self.settings = settings or settings_from_env()
        self.content = load_interview_content()
        self.store = InterviewStore(ctx.var_dir / "interviews")
        self.export_dir = ctx.var_dir / "exports" / "interviews"
        self.widget: QWidget | None = None
        self.ctrl: InterviewController | None = None
        self._timer: QTimer | None = None
        self._ticks = 0

    def build(self, parent: QWidget) -> QWidget:
        ctx = self.ctx
        root = QWidget(parent)
        root.setObjectName("page")
        self._poster = Poster(root)
        self.ctrl = InterviewController(
            self.content, self.store, self.settings, post=self._poster.post,
            on_change=self._refresh, speak=ctx.speak,
        )  # fmt: skip
        self.stack = QStackedWidget()
        self.screens = InterviewScreens(ctx, self.ctrl, self.open_review)
        self.reviewer = ReviewerView(ctx, self.ctrl, self.export_dir, self.close_review)
        self.stack.addWidget(self.screens)
        self.stack.addWidget(self.reviewer)
        lay = QVBoxLayout(root)
        lay.setContentsMargins(24, 24, 24, 24)
        lay.addWidget(self.stack)
        self._timer = QTimer(root)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self.widget = root
        self.screens.refresh()
        return root

    def start(self) -> None:
        assert self.ctrl is not None and self._timer is not None
        self.ctrl.refresh_resumable()
        self._timer.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.ctrl is not None:
            self.reviewer.player.stop()
            self.ctrl.quiesce()

    # -- view plumbing ---------------------------------------------------------------------
    def _refresh(self) -> None:
        if self.stack.currentWidget() is self.screens:
            self.screens.refresh()

    def _tick(self) -> None:
        assert self.ctrl is not None
        self.ctrl.tick()
        if self.stack.currentWidget() is self.screens:
            self.screens.tick()
        self._ticks += 1
        if self._ticks % 10 == 0 and self.ctrl.someone_is_answering():
            self.ctx.touch()  # keeps the shell's idle timer from ending a spoken answer

    def apply_settings(self) -> None:
        """Language or accessibility changed: re-label every page."""
        if self.ctrl is None:
            return
        if self.ctrl.interview is None:
            self.ctrl.lang = self.ctx.lang
        self.screens.retranslate()
        self.reviewer.retranslate()

    def idle_timeout(self) -> None:
        """The person left: back to the first screen; their interview is not offered to the
        next person (it stays for reviewers), and the reviewer view closes."""
        if self.ctrl is None:
            return
        if self.stack.currentWidget() is self.reviewer:
            self.close_review()
        self.ctrl.abandon()

    def open_review(self) -> None:
        self.stack.setCurrentWidget(self.reviewer)
        self.reviewer.reload()

    def close_review(self) -> None:
        self.reviewer.player.stop()
        self.stack.setCurrentWidget(self.screens)
        self.ctrl.refresh_resumable()
        self.screens.refresh()
