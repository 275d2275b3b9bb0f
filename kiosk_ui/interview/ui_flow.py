"""The job seeker's screens: choose, consent, device check, question/record, done. Display only."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from kiosk_ui import theme
from kiosk_ui.interview.controller import InterviewController
from kiosk_ui.interview.flow import Phase
from kiosk_ui.interview.ui_common import Texts, button, clear_layout, label, set_frame, set_role
from kiosk_ui.modes.base import KioskContext


def mmss(seconds: float) -> str:
    s = max(0, int(seconds + 0.999))
    return f"{s // 60}:{s % 60:02d}"


def _preview(min_w: int, min_h: int) -> QLabel:
    view = QLabel()
    view.setMinimumSize(min_w, min_h)
    view.setAlignment(Qt.AlignmentFlag.AlignCenter)
    view.setStyleSheet("background:#202020")  # a camera picture's frame, same in every theme
    return view


class StartPage(QWidget):
    def __init__(
        self, ctx: KioskContext, ctrl: InterviewController, open_review: Callable[[], None]
    ):
        super().__init__()
        self.ctx, self.ctrl = ctx, ctrl
        self.texts = Texts(ctx)
        lay = QVBoxLayout(self)
        lay.addWidget(label(self.texts, "interview.title", role="title"))
        lay.addWidget(label(self.texts, "interview.choose_set"))
        self.resume_btn = button(ctx, None, "", self._resume, primary=True, name="resume")
        lay.addWidget(self.resume_btn)
        self.sets_box = QWidget()
        self.sets_box.setLayout(QVBoxLayout())
        self.sets_box.layout().setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.sets_box)
        lay.addStretch(1)
        self.review_btn = button(ctx, self.texts, "interview.reviewer_open", open_review)
        lay.addWidget(self.review_btn)
        self.set_buttons: dict[str, QPushButton] = {}

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.set_buttons.clear()  # rebuilt with the new language by refresh()

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
                btn = button(ctx, None, "", lambda sid=qset.id: self.ctrl.choose(sid, ctx.lang))
                btn.setText(
                    ctx.t(key, employer=qset.employer.get(ctx.lang), job=qset.job.get(ctx.lang))
                )
                self.sets_box.layout().addWidget(btn)
                btn.show()  # now, not when the layout's queued show runs
                self.set_buttons[qset.id] = btn

    def _resume(self) -> None:
        if self.ctrl.resumable is not None:
            self.ctrl.resume(self.ctrl.resumable)


class ConsentPage(QWidget):
    def __init__(self, ctx: KioskContext, ctrl: InterviewController):
        super().__init__()
        self.ctx, self.ctrl = ctx, ctrl
        self.texts = Texts(ctx)
        lay = QVBoxLayout(self)
        self.title = label(role="title")
        lay.addWidget(self.title)
        self.paragraphs = [label() for _ in range(3)]
        for p in self.paragraphs:
            lay.addWidget(p)
        lay.addStretch(1)
        self.status = label(role="error")
        lay.addWidget(self.status)
        row = QHBoxLayout()
        self.decline_btn = button(
            ctx, self.texts, "interview.consent_decline", ctrl.decline_consent
        )
        self.agree_btn = button(
            ctx, self.texts, "interview.consent_agree", ctrl.accept_consent, primary=True
        )
        row.addWidget(self.decline_btn)
        row.addWidget(self.agree_btn)
        lay.addLayout(row)

    def retranslate(self) -> None:
        self.texts.retranslate()

    def refresh(self) -> None:
        consent = self.ctrl.content.consent
        self.title.setText(consent.title.get(self.ctx.lang))
        for p, text in zip(self.paragraphs, consent.paragraphs(self.ctx.lang), strict=True):
            p.setText(text)
        self.agree_btn.setEnabled(not self.ctrl.busy)
        err = self.ctrl.save_error
        self.status.setVisible(bool(err))
        self.status.setText(self.ctx.t("interview.save_failed", detail=err) if err else "")


class DeviceCheckPage(QWidget):
    def __init__(self, ctx: KioskContext, ctrl: InterviewController, leave: Callable[[], None]):
        super().__init__()
        self.ctx, self.ctrl = ctx, ctrl
        self.texts = Texts(ctx)
        lay = QVBoxLayout(self)
        lay.addWidget(label(self.texts, "interview.check_title", role="title"))
        lay.addWidget(label(self.texts, "interview.check_help"))
        self.preview = _preview(320, 240)
        lay.addWidget(self.preview, 1)
        self.level_row = QWidget()
        row = QHBoxLayout(self.level_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.level_label = label(self.texts, "interview.mic_level")
        self.level_label.setWordWrap(False)
        row.addWidget(self.level_label)
        self.level = QProgressBar()
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        row.addWidget(self.level, 1)
        lay.addWidget(self.level_row)
        self.message = label()
        lay.addWidget(self.message)
        self.filler = QWidget()  # takes the preview's room when there is no picture
        lay.addWidget(self.filler, 1)
        self.source_note = label(role="muted")
        lay.addWidget(self.source_note)
        buttons = QHBoxLayout()
        self.leave_btn = button(ctx, self.texts, "interview.leave", leave)
        self.retry_btn = button(
            ctx, self.texts, "interview.retry_devices", ctrl.retry_devices, primary=True
        )
        self.continue_btn = button(
            ctx, self.texts, "interview.check_ok", ctrl.continue_after_check, primary=True
        )
        self.continue_btn.setEnabled(False)  # until the devices are open
        for b in (self.leave_btn, self.retry_btn, self.continue_btn):
            buttons.addWidget(b)
        lay.addLayout(buttons)

    def retranslate(self) -> None:
        self.texts.retranslate()

    def refresh(self) -> None:
        ctx, ctrl = self.ctx, self.ctrl
        err = ctrl.device_error
        if err is not None:
            key = "interview.no_camera" if err.device == "camera" else "interview.no_microphone"
            self.message.setText(ctx.t(key))
            set_role(self.message, "error")
        elif ctrl.busy or not ctrl.devices_ok():
            self.message.setText(ctx.t("interview.devices_opening"))
            set_role(self.message, None)
        else:
            self.message.setText(ctx.t("interview.devices_ready"))
            set_role(self.message, "success")
        self.preview.setVisible(err is None)
        self.level_row.setVisible(err is None)
        self.filler.setVisible(err is not None)
        self.continue_btn.setVisible(err is None)
        test = ctrl.settings.capture.source == "test-pattern"
        self.source_note.setVisible(test)
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
        self.texts = Texts(ctx)
        lay = QVBoxLayout(self)
        self.progress = label(role="muted")
        lay.addWidget(self.progress)
        self.question = label(role="title")
        lay.addWidget(self.question)
        mid = QHBoxLayout()
        self.preview = _preview(320, 240)
        self.preview.setMaximumSize(480, 360)
        mid.addWidget(self.preview, 1)
        self.status = label(role="title")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        side = QVBoxLayout()
        side.addStretch(1)
        side.addWidget(self.status)
        side.addStretch(1)
        mid.addLayout(side, 1)
        lay.addLayout(mid, 1)
        self.apply_sizes()
        self.error = label(role="error")
        lay.addWidget(self.error)
        row = QHBoxLayout()
        self.answer_now_btn = button(
            ctx, self.texts, "interview.answer_now", ctrl.start_answer, primary=True
        )
        self.stop_btn = button(ctx, self.texts, "interview.stop_answer", ctrl.stop_answer, True)
        self.retake_btn = button(ctx, None, "", ctrl.retake)
        self.next_btn = button(ctx, None, "", ctrl.next_question, primary=True)
        for b in (self.answer_now_btn, self.stop_btn, self.retake_btn, self.next_btn):
            row.addWidget(b)
        lay.addLayout(row)

    def apply_sizes(self) -> None:
        # the countdown and the recording timer are read from a distance: 1.6 x body text
        px = theme.font_px(self.ctx.accessibility, 1.6)
        self.status.setStyleSheet(f"font-size:{px}px; font-weight:bold; padding:12px")

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.apply_sizes()

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
        self.error.setVisible(bool(err))
        self.error.setText(ctx.t("interview.save_failed", detail=err) if err else "")
        self.tick()

    def tick(self) -> None:
        ctx, flow = self.ctx, self.ctrl.flow
        if flow is None:
            return
        now = self.ctrl.clock()
        phase = flow.phase
        if phase is Phase.THINK:
            text, role = (
                ctx.t("interview.think_countdown", time=mmss(flow.remaining_s(now))),
                "title",
            )
        elif phase is Phase.RECORDING:
            text = ctx.t(
                "interview.recording_timer",
                time=mmss(flow.elapsed_s(now)), limit=mmss(flow.answer_limit_s()),
            )  # fmt: skip
            role = "error"  # the theme's red box: unmistakably "recording"
        elif phase is Phase.SAVING:
            text, role = ctx.t("interview.saving"), "title"
        else:
            ans = self.ctrl.last_answer
            secs = ans.duration_s if ans is not None else 0.0
            text, role = ctx.t("interview.answer_saved", seconds=f"{secs:.0f}"), "success"
        self.status.setText(text)
        set_role(self.status, role)
        rig = self.ctrl.rig
        if rig is not None and rig.running and phase in (Phase.THINK, Phase.RECORDING):
            set_frame(self.preview, rig.latest_frame())


class DonePage(QWidget):
    def __init__(self, ctx: KioskContext, ctrl: InterviewController):
        super().__init__()
        self.ctx, self.ctrl = ctx, ctrl
        self.texts = Texts(ctx)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        self.title = label(self.texts, "interview.done_title", role="title")
        lay.addWidget(self.title)
        self.body = label()
        lay.addWidget(self.body)
        lay.addStretch(1)
        self.home_btn = button(ctx, self.texts, "interview.home", ctrl.reset, primary=True)
        lay.addWidget(self.home_btn)

    def retranslate(self) -> None:
        self.texts.retranslate()

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
        self.pages = (
            self.start_page, self.consent_page, self.check_page, self.question_page,
            self.done_page,
        )  # fmt: skip
        for page in self.pages:
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

    def retranslate(self) -> None:
        for page in self.pages:
            page.retranslate()
        self.refresh()

    def refresh(self) -> None:
        page = self.current_page()
        self.setCurrentWidget(page)
        page.refresh()

    def tick(self) -> None:
        page = self.currentWidget()
        if hasattr(page, "tick"):
            page.tick()
