"""Sign-in, kiosk list, practice-style choice, result and survey pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models load with the curriculum, off the start-up path
    from concierge_content.training import Curriculum

from PyQt6.QtCore import QRegularExpression, Qt, pyqtSignal
from PyQt6.QtGui import QRegularExpressionValidator
from PyQt6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui.modes.base import KioskContext
from kiosk_ui.training.engine import Style
from kiosk_ui.training.ui.common import button, label, page, set_role, stars_text


class SignInPage(QWidget):
    sign_in = pyqtSignal(str, str)
    guest = pyqtSignal()
    instructor = pyqtSignal()

    def __init__(self, ctx: KioskContext):
        super().__init__()
        self.setObjectName("page")
        self.ctx = ctx
        self._message_key = ""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(60, 30, 60, 30)
        lay.setSpacing(16)
        self.title = label("title")
        self.explain = label()
        self.name_label = label()
        self.name = QLineEdit(objectName="name")
        self.name.setMaxLength(40)
        self.code_label = label()
        self.code = QLineEdit(objectName="code")
        self.code.setMaxLength(4)
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,4}")))
        self.code.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.code.returnPressed.connect(self._submit)
        self.message = label(name="signin_message")
        self.start = button("signin_start", "primary", self._submit)
        self.guest_btn = button("signin_guest", "", self.guest.emit)
        self.instructor_btn = button("signin_instructor", "", self.instructor.emit)
        for w in (
            self.title,
            self.explain,
            self.name_label,
            self.name,
            self.code_label,
            self.code,
        ):
            lay.addWidget(w)
        lay.addWidget(self.message)
        lay.addWidget(self.start)
        row = QHBoxLayout()
        row.addWidget(self.guest_btn)
        row.addWidget(self.instructor_btn)
        lay.addLayout(row)
        lay.addStretch(1)
        self.message.hide()

    def _submit(self) -> None:
        self.sign_in.emit(self.name.text(), self.code.text())

    def show_error(self, key: str) -> None:
        self._message_key = key
        self.retranslate()

    def reset(self) -> None:
        self.name.clear()
        self.code.clear()
        self._message_key = ""
        self.retranslate()

    def retranslate(self) -> None:
        t = self.ctx.t
        self.title.setText(t("training.signin_title"))
        self.explain.setText(t("training.signin_explain"))
        self.name_label.setText(t("training.signin_name"))
        self.code_label.setText(t("training.signin_code"))
        self.start.setText(t("training.signin_start"))
        self.guest_btn.setText(t("training.signin_guest"))
        self.instructor_btn.setText(t("training.signin_instructor"))
        self.message.setVisible(bool(self._message_key))
        if self._message_key:
            set_role(self.message, "error")
            self.message.setText(t(self._message_key))


class CatalogPage(QWidget):
    """The four levels with their practice kiosks and the trainee's best stars."""

    kiosk_chosen = pyqtSignal(str)
    sign_out = pyqtSignal()
    survey = pyqtSignal()

    def __init__(self, ctx: KioskContext, cur: Curriculum):
        super().__init__()
        self.setObjectName("page")
        self.ctx = ctx
        self.cur = cur
        self.name = ""
        self.stars: dict[str, int] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        self.title = label("title", "catalog_title")
        outer.addWidget(self.title)
        scroll = QScrollArea(widgetResizable=True)
        inner = page()
        self.grid = QVBoxLayout(inner)
        self.level_labels: dict[str, tuple] = {}
        self.kiosk_buttons: dict[str, QPushButton] = {}
        for lv in cur.levels:
            head, summary = label("title"), label("muted")
            self.level_labels[lv.id] = (head, summary)
            self.grid.addWidget(head)
            self.grid.addWidget(summary)
            row = QGridLayout()
            for i, k in enumerate(cur.kiosks_of(lv.id)):
                b = button(
                    f"kiosk_{k.id}", "", lambda _=False, kid=k.id: self.kiosk_chosen.emit(kid)
                )
                self.kiosk_buttons[k.id] = b
                row.addWidget(b, i // 2, i % 2)
            self.grid.addLayout(row)
        self.grid.addStretch(1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        self.survey_btn = button("survey_open", "", self.survey.emit)
        self.sign_out_btn = button("sign_out", "", self.sign_out.emit)
        bottom.addWidget(self.survey_btn)
        bottom.addWidget(self.sign_out_btn)
        outer.addLayout(bottom)

    def show_trainee(self, name: str, best: dict[tuple[str, str], int]) -> None:
        self.name = name
        self.stars = {}
        for (kid, _task), s in best.items():
            self.stars[kid] = self.stars.get(kid, 0) + s
        self.retranslate()

    def retranslate(self) -> None:
        t, lang = self.ctx.t, self.ctx.lang
        self.title.setText(t("training.catalog_title", name=self.name or t("training.guest_name")))
        for lv in self.cur.levels:
            head, summary = self.level_labels[lv.id]
            head.setText(lv.title.get(lang))
            summary.setText(lv.summary.get(lang))
        for kid, b in self.kiosk_buttons.items():
            k = self.cur.kiosks[kid]
            total = 3 * len(k.tasks)
            b.setText(f"{k.title.get(lang)}   {stars_text(self.stars.get(kid, 0), total)}")
            b.setToolTip(k.summary.get(lang))
        self.survey_btn.setText(t("training.survey_open"))
        self.sign_out_btn.setText(t("training.sign_out"))


class StylePage(QWidget):
    """Choose the task (when a kiosk has several) and guided / practice / quiz."""

    start = pyqtSignal(str, str, str)  # kiosk, task, style
    back = pyqtSignal()

    def __init__(self, ctx: KioskContext, cur: Curriculum):
        super().__init__()
        self.setObjectName("page")
        self.ctx = ctx
        self.cur = cur
        self.kiosk_id = ""
        self.task_id = ""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 20, 40, 20)
        lay.setSpacing(12)
        self.title = label("title", "style_title")
        self.task_label = label("muted")
        lay.addWidget(self.title)
        lay.addWidget(self.task_label)
        self.task_row = QHBoxLayout()
        lay.addLayout(self.task_row)
        self.task_buttons: dict[str, QPushButton] = {}
        self.card = label(name="task_card")
        lay.addWidget(self.card)
        self.choose = label("title")
        lay.addWidget(self.choose)
        self.style_buttons: dict[Style, QPushButton] = {}
        self.style_desc: dict[Style, object] = {}
        for st in Style:
            b = button(f"style_{st.value}", "primary", lambda _=False, s=st: self._start(s))
            d = label("muted")
            self.style_buttons[st] = b
            self.style_desc[st] = d
            lay.addWidget(b)
            lay.addWidget(d)
        lay.addStretch(1)
        # optional: people queue behind the trainee while they practise
        self.pressure_btn = button("pressure", "")
        self.pressure_btn.setCheckable(True)
        self.pressure_btn.toggled.connect(lambda _on: self.retranslate())
        self.pressure_desc = label("muted")
        lay.addWidget(self.pressure_btn)
        lay.addWidget(self.pressure_desc)
        self.back_btn = button("back_to_list", "", self.back.emit)
        lay.addWidget(self.back_btn)

    @property
    def pressure(self) -> bool:
        return self.pressure_btn.isChecked()

    def show_kiosk(self, kiosk_id: str) -> None:
        self.kiosk_id = kiosk_id
        kiosk = self.cur.kiosks[kiosk_id]
        self.task_id = kiosk.tasks[0].id
        for b in self.task_buttons.values():
            b.hide()
            b.setParent(None)
            b.deleteLater()
        self.task_buttons = {}
        if len(kiosk.tasks) > 1:
            for task in kiosk.tasks:
                b = button(f"task_{task.id}", "", lambda _=False, tid=task.id: self._pick(tid))
                b.setCheckable(True)
                self.task_row.addWidget(b)
                self.task_buttons[task.id] = b
        self.retranslate()

    def _pick(self, task_id: str) -> None:
        self.task_id = task_id
        self.retranslate()

    def _start(self, style: Style) -> None:
        self.start.emit(self.kiosk_id, self.task_id, style.value)

    def retranslate(self) -> None:
        if not self.kiosk_id:
            return
        t, lang = self.ctx.t, self.ctx.lang
        kiosk = self.cur.kiosks[self.kiosk_id]
        task = kiosk.task(self.task_id)
        self.title.setText(kiosk.title.get(lang))
        self.task_label.setText(t("training.choose_task"))
        self.task_label.setVisible(bool(self.task_buttons))
        for tid, b in self.task_buttons.items():
            b.setText(kiosk.task(tid).title.get(lang))
            b.setChecked(tid == self.task_id)
        self.card.setText(t("training.task_card", task=task.card.get(lang)))
        self.choose.setText(t("training.choose_style"))
        for st, b in self.style_buttons.items():
            b.setText(t(f"training.style_{st.value}"))
            self.style_desc[st].setText(t(f"training.style_{st.value}_desc"))
        self.back_btn.setText(t("training.back_to_list"))
        on = "on" if self.pressure else "off"
        self.pressure_btn.setText(t(f"training.pressure_{on}"))
        self.pressure_desc.setText(t("training.pressure_desc"))


class ResultPage(QWidget):
    again = pyqtSignal()
    to_list = pyqtSignal()
    survey = pyqtSignal()

    def __init__(self, ctx: KioskContext):
        super().__init__()
        self.setObjectName("page")
        self.ctx = ctx
        self.data: dict = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(60, 30, 60, 30)
        lay.setSpacing(16)
        self.title = label("title", "result_title")
        self.stars = label("stars", "result_stars")
        self.stars.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = label(name="result_summary")
        self.saved = label("muted", "result_saved")
        for w in (self.title, self.stars, self.summary, self.saved):
            lay.addWidget(w)
        self.again_btn = button("result_again", "primary", self.again.emit)
        self.list_btn = button("result_list", "", self.to_list.emit)
        self.survey_btn = button("result_survey", "", self.survey.emit)
        for b in (self.again_btn, self.list_btn, self.survey_btn):
            lay.addWidget(b)
        lay.addStretch(1)

    def show_result(self, stars: int, seconds: float, errors: int, hints: int) -> None:
        self.data = dict(stars=stars, seconds=round(seconds), errors=errors, hints=hints)
        self.saved_key = ("", {})
        self.retranslate()

    def show_saved(self, key: str, **fmt) -> None:
        self.saved_key = (key, fmt)
        self.retranslate()

    def retranslate(self) -> None:
        t = self.ctx.t
        if not self.data:
            return
        self.title.setText(t("training.result_title"))
        self.stars.setText(stars_text(self.data["stars"]))
        self.summary.setText(
            t(
                "training.result_summary",
                seconds=self.data["seconds"],
                errors=self.data["errors"],
                hints=self.data["hints"],
            )
        )
        key, fmt = getattr(self, "saved_key", ("", {}))
        self.saved.setText(t(key, **fmt) if key else "")
        self.again_btn.setText(t("training.result_again"))
        self.list_btn.setText(t("training.result_list"))
        self.survey_btn.setText(t("training.survey_open"))


class SurveyPage(QWidget):
    submit = pyqtSignal(int, str)
    back = pyqtSignal()

    def __init__(self, ctx: KioskContext):
        super().__init__()
        self.setObjectName("page")
        self.ctx = ctx
        self.rating = 0
        self._message = ("", "")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(60, 30, 60, 30)
        lay.setSpacing(14)
        self.title = label("title")
        lay.addWidget(self.title)
        self.rating_buttons: list[QPushButton] = []
        for i in range(1, 6):
            b = button(f"rating_{i}", "", lambda _=False, n=i: self._rate(n))
            b.setCheckable(True)
            self.rating_buttons.append(b)
            lay.addWidget(b)
        self.comment_label = label()
        self.comment = QLineEdit(objectName="survey_comment")
        self.comment.setMaxLength(500)
        self.message = label(name="survey_message")
        self.send = button("survey_submit", "primary", self._send)
        self.back_btn = button("survey_back", "", self.back.emit)
        for w in (self.comment_label, self.comment, self.message, self.send, self.back_btn):
            lay.addWidget(w)
        lay.addStretch(1)

    def reset(self) -> None:
        self.rating = 0
        self.comment.clear()
        self._message = ("", "")
        self.send.setEnabled(True)
        self.retranslate()

    def _rate(self, n: int) -> None:
        self.rating = n
        self.retranslate()

    def _send(self) -> None:
        if not self.rating:
            self.show_message("training.survey_need_rating", "error")
            return
        self.submit.emit(self.rating, self.comment.text())

    def show_message(self, key: str, role: str) -> None:
        self._message = (key, role)
        self.retranslate()

    def retranslate(self) -> None:
        t = self.ctx.t
        self.title.setText(t("training.survey_title"))
        for i, b in enumerate(self.rating_buttons, start=1):
            b.setText(t(f"training.survey_rating_{i}"))
            b.setChecked(i == self.rating)
        self.comment_label.setText(t("training.survey_comment"))
        self.send.setText(t("training.survey_submit"))
        self.back_btn.setText(t("training.back_to_list"))
        key, role = self._message
        self.message.setVisible(bool(key))
        if key:
            set_role(self.message, role)
            self.message.setText(t(key))
