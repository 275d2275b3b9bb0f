"""The robot screen's pages (idle, home, list, detail, mission): widgets that show what they
are given and forward touches as signals. No rules here; see model.py and answers.py."""

from __future__ import annotations

import functools
import io

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QPixmap
from PyQt6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui.robot_screen.model import TOUR_COMMANDS
from kiosk_ui.robot_screen.place_map import PlaceMap


@functools.lru_cache(maxsize=64)
def qr_pixmap(url: str, scale: int = 6) -> QPixmap:
    """A QR code for url (segno), as a pixmap; cached, the links are few and fixed."""
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=2)
    pix = QPixmap()
    pix.loadFromData(buf.getvalue(), "PNG")
    return pix


def label(role: str = "", wrap: bool = True, name: str = "") -> QLabel:
    lab = QLabel(wordWrap=wrap)
    if role:
        lab.setProperty("role", role)
    if name:
        lab.setObjectName(name)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return lab


def button(name: str, signal, primary: bool = False) -> QPushButton:
    """A button whose click emits `signal` (a bound pyqtSignal without arguments)."""
    b = QPushButton(objectName=name)
    if primary:
        b.setProperty("role", "primary")
    b.clicked.connect(lambda _=False: signal.emit())
    return b


class IdlePage(QFrame):
    """City-information cards; a touch anywhere starts the conversation."""

    touched = pyqtSignal()

    def __init__(self) -> None:
        super().__init__(objectName="robot_idle")
        lay = QVBoxLayout(self)
        card = QFrame()
        card.setProperty("role", "panel")
        cl = QHBoxLayout(card)
        cl.setContentsMargins(32, 32, 32, 32)
        text = QVBoxLayout()
        self.card_title = label("title", name="card_title")
        self.card_body = label(name="card_body")
        self.card_counter = label("muted", name="card_counter")
        text.addStretch(1)
        text.addWidget(self.card_title)
        text.addWidget(self.card_body)
        text.addStretch(2)
        text.addWidget(self.card_counter)
        cl.addLayout(text, 1)
        self.card_qr = QLabel(objectName="card_qr")
        cl.addWidget(self.card_qr, 0, Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(card, 1)
        self.touch_hint = label("title", name="touch_to_start")
        self.touch_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.touch_hint)

    def mousePressEvent(self, event):
        self.touched.emit()
        super().mousePressEvent(event)

    def show_card(self, title: str, body: str, counter: str, url: str | None) -> None:
        self.card_title.setText(title)
        self.card_body.setText(body)
        self.card_counter.setText(counter)
        if url:
            self.card_qr.setPixmap(qr_pixmap(url, 5))
            self.card_qr.setToolTip(url)
        else:
            self.card_qr.clear()


class HomePage(QWidget):
    """The greeting, one big button per home item and a box for a typed question."""

    chosen = pyqtSignal(str)  # a home item: where | hours | documents | call_staff | ...
    asked = pyqtSignal()
    mission_wanted = pyqtSignal()

    def __init__(self, items: tuple[str, ...]) -> None:
        super().__init__(objectName="robot_home")
        lay = QVBoxLayout(self)
        self.greeting = label("title", name="greeting")
        lay.addWidget(self.greeting)
        self.greeting.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(items):
            b = QPushButton(objectName=f"home_{key}")
            if key == "call_staff":
                b.setProperty("role", "primary")
            b.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            b.setProperty("home", "true")
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            grid.addWidget(b, i // 2, i % 2)
            self.buttons[key] = b
        # a typed question goes to the dialog engine like a spoken one (/dialog/text_in)
        ask = QWidget()
        al = QHBoxLayout(ask)
        al.setContentsMargins(0, 0, 0, 0)
        self.ask_box = QLineEdit(objectName="ask_box")
        self.ask_box.returnPressed.connect(self.asked.emit)
        self.ask_send = button("ask_send", self.asked)
        al.addWidget(self.ask_box)
        al.addWidget(self.ask_send)
        grid.addWidget(ask, len(items) // 2, len(items) % 2)
        lay.addLayout(grid, 1)
        self.to_mission = button("to_mission", self.mission_wanted)
        lay.addWidget(self.to_mission)


class ListPage(QWidget):
    """A searchable list of places, services, staff or courses."""

    query_changed = pyqtSignal(str)
    picked = pyqtSignal(str)  # item id
    back = pyqtSignal()

    def __init__(self) -> None:
        super().__init__(objectName="robot_list")
        lay = QVBoxLayout(self)
        self.title = label("title", name="list_title")
        self.search = QLineEdit(objectName="search")
        self.search.textChanged.connect(self.query_changed.emit)
        self.results = QListWidget(objectName="results")
        self.results.itemClicked.connect(
            lambda row: self.picked.emit(row.data(Qt.ItemDataRole.UserRole))
        )
        self.results.setMinimumHeight(60)
        self.no_results = label("muted", name="no_results")
        lay.addWidget(self.title)
        lay.addWidget(self.search)
        lay.addWidget(self.results, 1)
        lay.addWidget(self.no_results)
        row = QHBoxLayout()
        self.back_button = button("list_back", self.back)
        row.addWidget(self.back_button)
        row.addStretch(1)
        lay.addLayout(row)

    def clear_search(self) -> None:
        """Empty the search box without it counting as a query."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)

    def show_rows(self, rows: list[tuple[str, str]], empty: str) -> None:
        """rows: (item id, text); empty: why there are none ("" hides the line)."""
        self.results.clear()
        for item_id, text in rows:
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, item_id)
            self.results.addItem(row)
        self.no_results.setText(empty)
        self.no_results.setVisible(not rows)


class DetailPage(QWidget):
    """The answer to a pick, with "take me there", a call button, a tour start and a QR."""

    take_me_wanted = pyqtSignal()
    call_wanted = pyqtSignal()
    tour_wanted = pyqtSignal()
    back = pyqtSignal()

    def __init__(self) -> None:
        super().__init__(objectName="robot_detail")
        lay = QHBoxLayout(self)
        left = QVBoxLayout()
        self.title = label("title", name="detail_title")
        self.body = label(name="detail_body")
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # long answers (many documents, large text) scroll instead of growing the screen
        body_scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget(objectName="page")  # a layout passes the label's height-for-width on
        QVBoxLayout(holder).addWidget(self.body)
        holder.layout().setContentsMargins(0, 0, 0, 0)
        body_scroll.setWidget(holder)
        left.addWidget(self.title)
        left.addWidget(body_scroll, 1)
        row = QHBoxLayout()
        self.take_me = button("take_me", self.take_me_wanted, primary=True)
        self.call_this = button("call_this", self.call_wanted)
        self.start_tour = button("start_tour", self.tour_wanted, primary=True)
        self.back_button = button("detail_back", self.back)
        for b in (self.take_me, self.call_this, self.start_tour, self.back_button):
            row.addWidget(b)
        left.addLayout(row)
        lay.addLayout(left, 1)
        right = QVBoxLayout()
        self.qr = QLabel(objectName="detail_qr")
        self.qr_caption = label("muted", name="qr_caption")
        self.qr_caption.setFixedWidth(300)
        right.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addWidget(self.qr_caption)
        right.addStretch(1)
        lay.addLayout(right)

    def show_link(self, url: str | None, caption: str) -> None:
        self.qr.setVisible(bool(url))
        self.qr_caption.setVisible(bool(url))
        if url:
            self.qr.setPixmap(qr_pixmap(url))
            self.qr.setToolTip(url)
            self.qr_caption.setText(caption)


class MissionPage(QWidget):
    """What the robot is doing for the visitor; tour controls while a tour runs."""

    control = pyqtSignal(str)  # a tour command: pause | resume | skip | repeat | end
    cancel = pyqtSignal()
    start_over = pyqtSignal()

    def __init__(self) -> None:
        super().__init__(objectName="robot_mission")
        lay = QVBoxLayout(self)
        self.text = label("title", name="mission_text")
        self.detail = label(name="mission_detail")
        lay.addWidget(self.text)
        lay.addWidget(self.detail)
        self.map = PlaceMap()
        self.map.hide()
        lay.addWidget(self.map, 4)
        lay.addStretch(1)
        tour = QHBoxLayout()
        self.tour_buttons: dict[str, QPushButton] = {}
        for cmd in TOUR_COMMANDS:
            b = QPushButton(objectName=f"tour_{cmd}")
            b.clicked.connect(lambda _=False, c=cmd: self.control.emit(c))
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            tour.addWidget(b)
            self.tour_buttons[cmd] = b
        lay.addLayout(tour)
        row = QHBoxLayout()
        self.cancel_button = button("cancel_mission", self.cancel)
        self.home_button = button("mission_home", self.start_over)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.home_button)
        lay.addLayout(row)


class ChoicesPage(QWidget):
    """A question the robot asks back, with one large button per answer."""

    picked = pyqtSignal(int)  # index of the touched answer

    def __init__(self) -> None:
        super().__init__(objectName="robot_choices")
        lay = QVBoxLayout(self)
        self.question = label("title", name="choice_question")
        self.hint = label("muted", name="choice_hint")
        lay.addWidget(self.question)
        lay.addWidget(self.hint)
        self._rows = QGridLayout()  # two answers a row: fits the 800 px screen in large text
        self._rows.setSpacing(16)
        lay.addLayout(self._rows, 1)
        lay.addStretch(1)
        self.buttons: list[QPushButton] = []

    def show_choices(self, question: str, hint: str, labels: list[str], yes_first: bool) -> None:
        self.question.setText(question)
        self.hint.setText(hint)
        if [b.text() for b in self.buttons] == labels and (
            bool(self.buttons) and (self.buttons[0].property("role") == "primary") == yes_first
        ):
            return
        for b in self.buttons:
            self._rows.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        for i, text in enumerate(labels):
            b = QPushButton(text, objectName=f"choice_{i}")
            b.setProperty("choice", "true")
            if i == 0 and yes_first:
                b.setProperty("role", "primary")
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            b.clicked.connect(lambda _=False, i=i: self.picked.emit(i))
            self._rows.addWidget(b, i // 2, i % 2)
            self.buttons.append(b)
