"""The job seeker's screens: choose, consent, device check, question/record, done. Display only."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from kiosk_ui.interview.controller import InterviewController
from kiosk_ui.interview.flow import Phase
from kiosk_ui.interview.ui_common import button, clear_layout, label, set_frame
from kiosk_ui.modes.base import KioskContext


def mmss(seconds: float) -> str:
    s = max(0, int(seconds + 0.999))
    return f"{s // 60}:{s % 60:02d}"


class StartPage(QWidget):
    def __init__(
        self, ctx: KioskContext, ctrl: InterviewController, open_review: Callable[[], None]
    ):
        super().__init__()
        self.ctx, self.ctrl = ctx, ctrl
        lay = QVBoxLayout(self)
        lay.addWidget(label(ctx, ctx.t("interview.title"), 26, bold=True))
        lay.addWidget(label(ctx, ctx.t("interview.choose_set"), 16))
        self.resume_btn = button(ctx, "", self._resume)
        lay.addWidget(self.resume_btn)
        self.sets_box = QWidget()
        self.sets_box.setLayout(QVBoxLayout())
        lay.addWidget(self.sets_box)
        lay.addStretch(1)
        self.review_btn = button(ctx, ctx.t("interview.reviewer_open"), open_review, pt=12)
        lay.addWidget(self.review_btn)
        self.set_buttons: dict[str, QPushButton] = {}

    def refresh(self) -> None:
        ctx = self.ctx
        found = self.ctrl.resumable
        self.resume_btn.setVisible(found is not None)
        if found is not None:
            qset = self.ctrl.content.sets.get(found.set_id)
            name = qset.employer.get(ctx.lang) if qset else found.set_id
            self.resume_btn.setText(ctx.t("interview.resume", name=name))
        if not self.set_buttons:
            clear_layout(self.sets_box)
            for qset in sorted(self.ctrl.content.sets.values(), key=lambda s: (s.practice, s.id)):
                key = "interview.set_practice" if qset.practice else "interview.set_employer"
                text = ctx.t(key, employer=qset.employer.get(ctx.lang), job=qset.job.get(ctx.lang))
                btn = button(ctx, text, lambda sid=qset.id: self.ctrl.choose(sid, ctx.lang))
                self.sets_box.layout().addWidget(btn)
                self.set_buttons[qset.id] = btn

    def _resume(self) -> None:
        if self.ctrl.resumable is not None:
            self.ctrl.resume(self.ctrl.resumable)


class ConsentPage(QWidget):
    def __init__(self, ctx: KioskContext, ctrl: InterviewController):
        super().__init__()
        self.ctx, self.ctrl = ctx, ctrl
        consent = ctrl.content.consent
        lay = QVBoxLayout(self)
        lay.addWidget(label(ctx, consent.title.get(ctx.lang), 24, bold=True))
        self.paragraphs = [label(ctx, text, 16) for text in consent.paragraphs(ctx.lang)]
        for p in self.paragraphs:
            lay.addWidget(p)
        lay.addStretch(1)
        self.status = label(ctx, "", 14)
        lay.addWidget(self.status)
        row = QHBoxLayout()
        self.decline_btn = button(ctx, ctx.t("interview.consent_decline"), ctrl.decline_consent)
        self.agree_btn = button(ctx, ctx.t("interview.consent_agree"), ctrl.accept_consent)
        row.addWidget(self.decline_btn)
        row.addWidget(self.agree_btn)
        lay.addLayout(row)

    def refresh(self) -> None:
        self.agree_btn.setEnabled(not self.ctrl.busy)
        self.status.setText(
            self.ctx.t("interview.save_failed", detail=self.ctrl.save_error)
            if self.ctrl.save_error
            else ""
        )


class DeviceCheckPage(QWidget):
    def __init__(self, ctx: KioskContext, ctrl: InterviewController, leave: Callable[[], None]):
        super().__init__()
        self.ctx, self.ctrl = ctx, ctrl
        lay = QVBoxLayout(self)
        lay.addWidget(label(ctx, ctx.t("interview.check_title"), 24, bold=True))
        lay.addWidget(label(ctx, ctx.t("interview.check_help"), 14))
        self.preview = QLabel()
        self.preview.setMinimumSize(320, 240)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background:#222")
        lay.addWidget(self.preview, 1)
        row = QHBoxLayout()
        row.addWidget(label(ctx, ctx.t("interview.mic_level"), 14))
        self.level = QProgressBar()
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        row.addWidget(self.level, 1)
        lay.addLayout(row)
        self.message = label(ctx, "", 16, bold=True)
        lay.addWidget(self.message)
        self.source_note = label(ctx, "", 12)
        lay.addWidget(self.source_note)
        buttons = QHBoxLayout()
        self.leave_btn = button(ctx, ctx.t("interview.leave"), leave)
        self.retry_btn = button(ctx, ctx.t("interview.retry_devices"), ctrl.retry_devices)
        self.continue_btn = button(ctx, ctx.t("interview.check_ok"), ctrl.continue_after_check)
        for b in (self.leave_btn, self.retry_btn, self.continue_btn):
            buttons.addWidget(b)
        lay.addLayout(buttons)

    def refresh(self) -> None:
        ctx, ctrl = self.ctx, self.ctrl
        err = ctrl.device_error
        if err is not None:
            key = "interview.no_camera" if err.device == "camera" else "interview.no_microphone"
            self.message.setText(ctx.t(key))
            self.message.setStyleSheet("color:#c00000")
        elif ctrl.busy or not ctrl.devices_ok():
            self.message.setText(ctx.t("interview.devices_opening"))
            self.message.setStyleSheet("")
        else:
            self.message.setText(ctx.t("interview.devices_ready"))
            self.message.setStyleSheet("color:#006400")
        test = ctrl.settings.capture.source == "test-pattern"
        self.source_note.setText(ctx.t("interview.test_pattern_note") if test else "")
        self.retry_btn.setVisible(err is not None)
        self.continue_btn.setEnabled(ctrl.devices_ok())

    def tick(self) -> None:
        rig = self.ctrl.rig
        if rig is not None and rig.running:
            set_frame(self.preview, rig.latest_frame())
            self.level.setValue(int(rig.level() * 100))


class QuestionPage(QWidget):
    """Think countdown, recording timer, saving, retake/next: one page, parts shown by phase."""

    def __init__(self, ctx: KioskContext, ctrl: InterviewController):
        super().__init__()
        self.ctx, self.ctrl = ctx, ctrl
        lay = QVBoxLayout(self)
        self.progress = label(ctx, "", 14)
        lay.addWidget(self.progress)
        self.question = label(ctx, "", 22, bold=True)
        lay.addWidget(self.question)
        mid = QHBoxLayout()
        self.preview = QLabel()
        self.preview.setFixedSize(320, 240)
        self.preview.setStyleSheet("background:#222")
        mid.addWidget(self.preview)
        self.status = label(ctx, "", 20, bold=True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mid.addWidget(self.status, 1)
        lay.addLayout(mid, 1)
        self.error = label(ctx, "", 14)
        self.error.setStyleSheet("color:#c00000")
        lay.addWidget(self.error)
        row = QHBoxLayout()
        self.answer_now_btn = button(ctx, ctx.t("interview.answer_now"), ctrl.start_answer)
        self.stop_btn = button(ctx, ctx.t("interview.stop_answer"), ctrl.stop_answer)
        self.retake_btn = button(ctx, "", ctrl.retake)
        self.next_btn = button(ctx, "", ctrl.next_question)
        for b in (self.answer_now_btn, self.stop_btn, self.retake_btn, self.next_btn):
            row.addWidget(b)
        lay.addLayout(row)

    def refresh(self) -> None:
        ctx, flow = self.ctx, self.ctrl.flow
        if flow is None:
            return
        self.progress.setText(
            ctx.t("interview.progress", n=flow.index + 1, total=flow.question_count)
        )
        self.question.setText(flow.question_text(ctx.lang))
        phase = flow.phase
        self.answer_now_btn.setVisible(phase is Phase.THINK)
        self.stop_btn.setVisible(phase is Phase.RECORDING)
        self.retake_btn.setVisible(phase is Phase.ANSWERED and flow.retakes_left() > 0)
        self.retake_btn.setText(ctx.t("interview.retake", left=flow.retakes_left()))
        self.next_btn.setVisible(phase is Phase.ANSWERED)
        self.next_btn.setText(
            ctx.t("interview.finish" if flow.is_last_question else "interview.next")
        )
        err = self.ctrl.save_error
        self.error.setText(ctx.t("interview.save_failed", detail=err) if err else "")
        self.tick()

    def tick(self) -> None:
        ctx, flow = self.ctx, self.ctrl.flow
        if flow is None:
            return
        now = self.ctrl.clock()
        phase = flow.phase
        if phase is Phase.THINK:
            text = ctx.t("interview.think_countdown", time=mmss(flow.remaining_s(now)))
            style = "color:#1f5fa8"
        elif phase is Phase.RECORDING:
            text = ctx.t(
                "interview.recording_timer",
                time=mmss(flow.elapsed_s(now)), limit=mmss(flow.answer_limit_s()),
            )  # fmt: skip
            style = "color:#c00000"
        elif phase is Phase.SAVING:
            text, style = ctx.t("interview.saving"), ""
        else:
            ans = self.ctrl.last_answer
            secs = ans.duration_s if ans is not None else 0.0
            text, style = ctx.t("interview.answer_saved", seconds=f"{secs:.0f}"), "color:#006400"
        self.status.setText(text)
        self.status.setStyleSheet(style)
        rig = self.ctrl.rig
        if rig is not None and rig.running and phase in (Phase.THINK, Phase.RECORDING):
            set_frame(self.preview, rig.latest_frame())


class DonePage(QWidget):
    def __init__(self, ctx: KioskContext, ctrl: InterviewController):
        super().__init__()
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        self.title = label(ctx, ctx.t("interview.done_title"), 26, bold=True)
        lay.addWidget(self.title)
        self.body = label(ctx, "", 16)
        lay.addWidget(self.body)
        lay.addStretch(1)
        self.home_btn = button(ctx, ctx.t("interview.home"), ctrl.reset)
        lay.addWidget(self.home_btn)
        self.ctx, self.ctrl = ctx, ctrl

    def refresh(self) -> None:
        flow = self.ctrl.flow
        practice = flow is not None and flow.qset.practice
        self.body.setText(
            self.ctx.t("interview.done_practice" if practice else "interview.done_body")
        )


class InterviewScreens(QStackedWidget):
    """Shows the page for the controller's current phase."""

    def __init__(
        self, ctx: KioskContext, ctrl: InterviewController, open_review: Callable[[], None]
    ):
        super().__init__()
        self.ctrl = ctrl
        self.start_page = StartPage(ctx, ctrl, open_review)
        self.consent_page = ConsentPage(ctx, ctrl)
        self.check_page = DeviceCheckPage(ctx, ctrl, ctrl.reset)
        self.question_page = QuestionPage(ctx, ctrl)
        self.done_page = DonePage(ctx, ctrl)
        for page in (
            self.start_page, self.consent_page, self.check_page, self.question_page,
            self.done_page,
        ):  # fmt: skip
            self.addWidget(page)

    def current_page(self) -> QWidget:
        flow = self.ctrl.flow
        if flow is None:
            return self.start_page
        return {
            Phase.CONSENT: self.consent_page,
            Phase.DEVICE_CHECK: self.check_page,
            Phase.DONE: self.done_page,
        }.get(flow.phase, self.question_page)

    def refresh(self) -> None:
        page = self.current_page()
        self.setCurrentWidget(page)
        page.refresh()

    def tick(self) -> None:
        page = self.currentWidget()
        if hasattr(page, "tick"):
            page.tick()
