"""The practice page: the replica of the kiosk, and beside it (below it on a portrait screen) the
trainer: instruction, feedback, people waiting, and the controls that are always there (hint,
undo, start again, stop, plain words, voice, large text), all in the lower part of the screen.
"""

from __future__ import annotations

from PyQt6.QtCore import QRectF, pyqtSignal
from PyQt6.QtGui import QPainter
from PyQt6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui.training.ui import pictures
from kiosk_ui.training.ui.common import button, label, page, set_role
from kiosk_ui.training.ui.replica import ReplicaPanel
from kiosk_ui.training.view import PracticeView, SideView

CONTROLS = ("hint", "undo", "start_again", "quit")
TOGGLES = ("hint_mode", "voice", "large_text")


class PeopleRow(QWidget):
    """The queue behind the trainee, drawn as people (pressure practice)."""

    def __init__(self):
        super().__init__()
        self.setObjectName("people_row")
        self.people = 0
        self.setMinimumHeight(56)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_people(self, n: int) -> None:
        if n != self.people:
            self.people = n
            self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        side = self.height()
        for i in range(self.people):
            name = "senior" if i % 3 == 1 else "child" if i % 3 == 2 else "person"
            pictures.paint(p, name, QRectF(i * side * 0.8, 0, side, side))
        p.end()


class PracticePage(QWidget):
    pressed = pyqtSignal(str)  # a kiosk control id
    digit = pyqtSignal(str)
    delete = pyqtSignal()
    extend = pyqtSignal()
    hint = pyqtSignal()
    undo = pyqtSignal()
    start_again = pyqtSignal()
    quit = pyqtSignal()
    result = pyqtSignal()
    toggle = pyqtSignal(str)  # hint_mode | voice | large_text

    def __init__(self):
        super().__init__()
        self.setObjectName("page")
        self.portrait: bool | None = None
        self.replica = ReplicaPanel()
        for name in ("pressed", "digit", "delete", "extend"):
            getattr(self.replica, name).connect(getattr(self, name).emit)

        # what to read: instruction, status, feedback, the queue
        self.side_top = QScrollArea(widgetResizable=True, objectName="side_top")
        self.side_top.setFrameShape(QFrame.Shape.NoFrame)
        holder = page()
        tl = QVBoxLayout(holder)
        tl.setContentsMargins(4, 4, 4, 4)
        tl.setSpacing(10)
        self.badge = label("badge", "badge")
        self.instruction = label("title", "instruction")
        self.status = label("muted", "status")
        self.task = label("muted", "task")
        self.feedback = label(name="feedback")
        self.people = PeopleRow()
        self.people_text = label(name="people_text")
        for w in (self.badge, self.instruction, self.status, self.feedback, self.people,
                  self.people_text, self.task):  # fmt: skip
            tl.addWidget(w)
        tl.addStretch(1)
        self.side_top.setWidget(holder)

        # what to press: always at the bottom
        self.side_controls = QWidget(objectName="side_controls")
        cl = QVBoxLayout(self.side_controls)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(8)
        self.result_btn = button("see_result", "primary", self.result.emit)
        cl.addWidget(self.result_btn)
        self.controls: dict[str, QPushButton] = {}
        self.toggles: dict[str, QPushButton] = {}
        self.control_grid = QGridLayout()
        self.toggle_grid = QGridLayout()
        for name in CONTROLS:
            self.controls[name] = button(name, "", getattr(self, name).emit)
        for name in TOGGLES:
            b = button(f"toggle_{name}", "", lambda _=False, n=name: self.toggle.emit(n))
            b.setCheckable(True)
            self.toggles[name] = b
        cl.addLayout(self.control_grid)
        cl.addLayout(self.toggle_grid)
        self._placed: tuple = ()
        self._place_controls(False, CONTROLS)

        self.side = QWidget(objectName="side")
        sl = QVBoxLayout(self.side)
        sl.setContentsMargins(0, 0, 0, 0)
        self.outer = QHBoxLayout(self)
        self.outer.setContentsMargins(12, 8, 12, 8)
        self.outer.setSpacing(14)
        self.large = False
        self._arrange(portrait=False)

    # ---- layout ------------------------------------------------------------------------
    def _place_controls(self, large: bool, shown: tuple[str, ...]) -> None:
        """Normal text: the controls in a row, the three switches in a row below; large text:
        all of them two to a row (three on a portrait screen). Only the controls that apply
        now are placed (no hint in guided mode; only "stop" once the task is done)."""
        if (large, shown, self.portrait) == self._placed:
            return
        per_row = 3 if self.portrait else 2
        widgets = [*self.controls.values(), *self.toggles.values()]
        for w in widgets:
            self.control_grid.removeWidget(w)
            self.toggle_grid.removeWidget(w)
        for name, w in self.controls.items():
            w.setVisible(name in shown)
        placed = [self.controls[n] for n in CONTROLS if n in shown]
        if large:
            for i, w in enumerate([*placed, *self.toggles.values()]):
                self.control_grid.addWidget(w, i // per_row, i % per_row)
        else:
            for i, w in enumerate(placed):
                self.control_grid.addWidget(w, 0, i)
            for i, w in enumerate(self.toggles.values()):
                self.toggle_grid.addWidget(w, 0, i)
        self._placed = (large, shown, self.portrait)

    def _arrange(self, portrait: bool) -> None:
        """Landscape: the kiosk on the left, the trainer on the right; portrait: the trainer's
        words above the kiosk and its controls below it."""
        if portrait == self.portrait:
            return
        for w in (self.replica, self.side_top, self.side_controls, self.side):
            self.outer.removeWidget(w)
            w.setParent(self)
        sl = self.side.layout()
        if portrait:
            self.outer.setDirection(QHBoxLayout.Direction.TopToBottom)
            self.side.hide()
            self.outer.addWidget(self.side_top, 0)
            self.outer.addWidget(self.replica, 1)
            self.outer.addWidget(self.side_controls, 0)
            self.replica.setMinimumWidth(0)
            self.replica.setMaximumWidth(16777215)
        else:
            self.outer.setDirection(QHBoxLayout.Direction.LeftToRight)
            sl.addWidget(self.side_top, 1)
            sl.addWidget(self.side_controls, 0)
            self.side.show()
            self.outer.addWidget(self.replica, 0)
            self.outer.addWidget(self.side, 1)
        for w in (self.replica, self.side_top, self.side_controls):
            w.show()
        self.portrait = portrait
        self._size_replica()

    def _size_replica(self) -> None:
        if self.portrait:
            self.side_top.setMaximumHeight(max(120, self.height() // (4 if self.large else 5)))
            return
        self.side_top.setMaximumHeight(16777215)
        w, h = self.width(), self.height()
        # 200 % text needs the width more than the portrait shape
        width = round(w * 0.6) if self.large else min(round(h * 0.78), w - 440)
        self.replica.setFixedWidth(max(320, width))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(portrait=self.height() > self.width() * 1.1)
        self._size_replica()
        if self._placed:
            self._place_controls(*self._placed[:2])

    # ---- rendering ---------------------------------------------------------------------
    def render(self, view: PracticeView) -> None:
        if view.replica.large != self.large:
            self.large = view.replica.large
            self._size_replica()
        self._place_controls(self.large, tuple(view.side.controls))
        self.replica.render(view.replica)
        self._render_side(view.side)

    def tick(self, view: PracticeView) -> None:
        """Only what time changes (countdown, warning, moving parts, status, queue)."""
        self.replica.tick(view.replica)
        self.status.setText(view.side.status)
        self._render_people(view.side)

    def _render_side(self, side: SideView) -> None:
        self.badge.setText(side.badge)
        self.instruction.setText(side.instruction)
        self.status.setText(side.status)
        self.task.setText(side.task)
        self.task.setVisible(bool(side.task))
        self.feedback.setText(side.feedback)
        self.feedback.setVisible(bool(side.feedback))
        set_role(self.feedback, side.feedback_role)
        self._render_people(side)
        for name, text in side.controls.items():
            self.controls[name].setText(text)
        for name, (text, checked) in side.toggles.items():
            self.toggles[name].setText(text)
            self.toggles[name].setChecked(checked)
        self.result_btn.setText(side.result)
        self.result_btn.setVisible(side.finished)
        if self.result_btn.property("highlight") != side.finished:
            self.result_btn.setProperty("highlight", side.finished)
            set_role(self.result_btn, "")
            set_role(self.result_btn, "primary")
        for name in ("hint", "undo"):
            self.controls[name].setEnabled(not side.finished or name == "undo")

    def _render_people(self, side: SideView) -> None:
        self.people.set_people(side.people)
        self.people.setVisible(bool(side.people))
        self.people_text.setText(side.people_text)
        self.people_text.setVisible(bool(side.people_text))

    # ---- what tests and the bench touch ------------------------------------------------
    @property
    def kiosk_buttons(self) -> dict[str, QPushButton]:
        return self.replica.kiosk_buttons

    @property
    def digit_buttons(self) -> dict[str, QPushButton]:
        return self.replica.digit_buttons

    @property
    def delete_btn(self) -> QPushButton | None:
        return self.replica.delete_btn

    @property
    def keypad_display(self):
        return self.replica.keypad_display

    @property
    def screen_title(self):
        return self.replica.screen_title
