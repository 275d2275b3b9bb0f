"""The practice page: the simulated kiosk screen plus instruction, feedback and the controls
(hint, undo, start again, stop) that are always there."""

from __future__ import annotations

from dataclasses import dataclass, field

from PyQt6.QtCore import Qt, QTimer, pyqtSignal
from PyQt6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui.training.ui.common import button, label, page, set_role


@dataclass
class KioskButtonView:
    id: str
    label: str
    style: str  # normal | primary | back
    highlight: bool = False


@dataclass
class PracticeView:
    """Everything the practice page shows, already in the trainee's language."""

    badge: str  # "practice screen (nothing is really paid)"
    screen_title: str
    screen_text: str
    buttons: list[KioskButtonView]
    columns: int
    instruction: str
    status: str
    feedback: str = ""
    feedback_role: str = ""  # error | success | "" (plain)
    keypad_prompt: str = ""  # non-empty: show the keypad
    keypad_display: str = ""
    keypad_delete: str = ""
    keypad_columns: int = 3  # 3 like a phone; 6 (two rows) when large text needs the height
    controls: dict[str, str] = field(default_factory=dict)  # hint/undo/start_again/quit labels
    show_hint: bool = True


class PracticePage(QWidget):
    pressed = pyqtSignal(str)  # a kiosk button id
    digit = pyqtSignal(str)
    delete = pyqtSignal()
    hint = pyqtSignal()
    undo = pyqtSignal()
    start_again = pyqtSignal()
    quit = pyqtSignal()

    def __init__(self):
        super().__init__()
        self.setObjectName("page")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 10, 20, 10)
        outer.setSpacing(8)
        self.instruction = label(name="instruction")
        self.status = label("muted", "status", wrap=False)
        self.feedback = label(name="feedback")
        top = QHBoxLayout()
        top.addWidget(self.instruction, 1)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)
        outer.addWidget(self.feedback)

        self.scroll = QScrollArea(widgetResizable=True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = page()
        hl = QVBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        self.frame = QFrame(objectName="kiosk_frame")
        self.frame.setProperty("role", "panel")
        fl = QVBoxLayout(self.frame)
        fl.setContentsMargins(20, 12, 20, 16)
        self.badge = label("badge", "badge")
        self.screen_title = label("title", "screen_title")
        self.screen_text = label(name="screen_text")
        self.keypad_prompt = label(name="keypad_prompt")
        self.keypad_display = label(name="keypad_display")
        self.keypad_display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.badge, self.screen_title, self.screen_text):
            fl.addWidget(w)
        # the keypad sits beside the screen's own buttons, so a keypad screen fits in height
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.keypad_prompt)
        left.addWidget(self.keypad_display)
        body.addLayout(left, 1)
        fl.addLayout(body)
        self.keypad = QWidget()
        self.keypad_grid = QGridLayout(self.keypad)
        self.keypad_grid.setContentsMargins(0, 0, 0, 0)
        self.digit_buttons: dict[str, QPushButton] = {}
        for d in "1234567890":
            b = button(f"digit_{d}", "", lambda _=False, d=d: self.digit.emit(d))
            b.setText(d)
            self.digit_buttons[d] = b
        self.delete_btn = button("keypad_delete", "back", self.delete.emit)
        self._keypad_columns = 0
        self._place_keypad(3)
        body.addWidget(self.keypad, 1)
        self.button_box = QWidget()
        self.button_grid = QGridLayout(self.button_box)
        self.button_grid.setContentsMargins(0, 8, 0, 0)
        self.button_grid.setSpacing(12)
        left.addWidget(self.button_box)
        left.addStretch(1)
        fl.addStretch(1)
        hl.addWidget(self.frame)
        self.scroll.setWidget(holder)
        outer.addWidget(self.scroll, 1)

        controls = QHBoxLayout()
        self.controls: dict[str, QPushButton] = {}
        for name, sig in (
            ("hint", self.hint),
            ("undo", self.undo),
            ("start_again", self.start_again),
            ("quit", self.quit),
        ):
            b = button(name, "", sig.emit)
            self.controls[name] = b
            controls.addWidget(b)
        outer.addLayout(controls)
        self.kiosk_buttons: dict[str, QPushButton] = {}
        self._layout_key: tuple = ()

    def _place_keypad(self, columns: int) -> None:
        if columns == self._keypad_columns:
            return
        for i, d in enumerate("123456789"):
            self.keypad_grid.addWidget(self.digit_buttons[d], i // columns, i % columns)
        if columns == 3:  # phone layout: 0 under 8, delete under 9
            self.keypad_grid.addWidget(self.digit_buttons["0"], 3, 1)
            self.keypad_grid.addWidget(self.delete_btn, 3, 2)
        else:  # 1-6 / 7-9 0 and a double-width delete
            self.keypad_grid.addWidget(self.digit_buttons["0"], 1, 3)
            self.keypad_grid.addWidget(self.delete_btn, 1, 4, 1, 2)
        self._keypad_columns = columns

    def render(self, view: PracticeView) -> None:
        self.instruction.setText(view.instruction)
        self.status.setText(view.status)
        self.feedback.setText(view.feedback)
        self.feedback.setVisible(bool(view.feedback))
        set_role(self.feedback, view.feedback_role)
        self.badge.setText(view.badge)
        self.screen_title.setText(view.screen_title)
        self.screen_text.setText(view.screen_text)
        self.screen_text.setVisible(bool(view.screen_text))
        has_keypad = bool(view.keypad_prompt)
        for w in (self.keypad_prompt, self.keypad_display, self.keypad):
            w.setVisible(has_keypad)
        self.keypad_prompt.setText(view.keypad_prompt)
        self.keypad_display.setText(view.keypad_display)
        self.delete_btn.setText(view.keypad_delete)
        self._place_keypad(view.keypad_columns)
        self._render_buttons(view)
        for name, text in view.controls.items():
            self.controls[name].setText(text)
        self.controls["hint"].setVisible(view.show_hint)
        lit = next((self.kiosk_buttons[b.id] for b in view.buttons if b.highlight), None)
        if lit is not None:  # large text may push the next button below the fold
            QTimer.singleShot(0, lambda: self._reveal(lit))

    def _reveal(self, widget: QWidget) -> None:
        if widget.isVisible():  # after the layout settled, when it may have been replaced
            self.scroll.ensureWidgetVisible(widget)

    def _render_buttons(self, view: PracticeView) -> None:
        # Rebuild only when the screen's buttons change; a highlight change just restyles.
        key = (tuple(b.id for b in view.buttons), view.columns)
        if key != self._layout_key:
            for b in self.kiosk_buttons.values():
                self.button_grid.removeWidget(b)
                b.hide()  # gone now, even before Qt gets round to deleting it
                b.setParent(None)
                b.deleteLater()
            self.kiosk_buttons = {}
            for i, bv in enumerate(view.buttons):
                b = button(f"btn_{bv.id}", "", lambda _=False, bid=bv.id: self.pressed.emit(bid))
                self.kiosk_buttons[bv.id] = b
                self.button_grid.addWidget(b, i // view.columns, i % view.columns)
                b.show()  # at once, not on the next event-loop turn: a tap may follow at once
            self._layout_key = key
        for bv in view.buttons:
            b = self.kiosk_buttons[bv.id]
            b.setText(bv.label)
            set_role(b, "primary" if bv.style == "primary" else "")
            if b.property("highlight") != bv.highlight:
                b.setProperty("highlight", bv.highlight)
                b.style().unpolish(b)
                b.style().polish(b)
