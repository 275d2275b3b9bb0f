"""The replica of a real kiosk's screen, portrait: brand bar, screen title, the machine part that
moves, then (never in the top third) tabs, menu tiles, answers, counters, cart, keypad and the
buttons. It only displays a ReplicaView and forwards presses by control id.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt, QTimer, pyqtSignal
from PyQt6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui.training.ui import devices
from kiosk_ui.training.ui.tiles import Tile, label, replica_sheet
from kiosk_ui.training.view import ControlView, LineView, ReplicaView, SlipView

TOP_PART = 1 / 3  # the top third of the kiosk screen is for reading; every control is below it


class ReplicaPanel(QFrame):
    pressed = pyqtSignal(str)
    digit = pyqtSignal(str)
    delete = pyqtSignal()
    extend = pyqtSignal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("replica")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(2, 2, 2, 2)
        outer.setSpacing(0)
        self.bar = QWidget(objectName="r_bar")
        bl = QHBoxLayout(self.bar)
        bl.setContentsMargins(14, 8, 14, 8)
        self.brand = label(name="r_brand")
        self.countdown = label(name="r_countdown", wrap=False)
        bl.addWidget(self.brand, 1)
        bl.addWidget(self.countdown)
        outer.addWidget(self.bar)
        self.info = QWidget(objectName="r_info")
        il = QVBoxLayout(self.info)
        il.setContentsMargins(16, 10, 16, 6)
        il.setSpacing(6)
        self.screen_title = label(name="r_title")
        self.screen_text = label(name="r_text")
        self.banner = label(name="r_banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.device = devices.DeviceView()
        self.slip_box = QVBoxLayout()
        il.addWidget(self.screen_title)
        il.addWidget(self.screen_text)
        il.addWidget(self.banner)
        il.addWidget(self.device, 1)
        il.addLayout(self.slip_box)
        il.addStretch(0)
        # the words scroll on their own when 200 % text and a long receipt need it
        self.info_scroll = QScrollArea(objectName="r_info_scroll", widgetResizable=True)
        self.info_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.info_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.info_scroll.setWidget(self.info)
        outer.addWidget(self.info_scroll)
        self.body = QWidget(objectName="r_body")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(12, 4, 12, 12)
        self.body_layout.setSpacing(8)
        self.warning = QFrame(objectName="r_warning")
        wl = QHBoxLayout(self.warning)
        self.warning_text = label()
        self.extend_btn = QPushButton(objectName="extend_time")
        self.extend_btn.setProperty("rc", True)
        self.extend_btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.extend_btn.clicked.connect(self.extend.emit)
        wl.addWidget(self.warning_text, 1)
        wl.addWidget(self.extend_btn)
        self.warning.hide()
        self.scroll = QScrollArea(objectName="r_scroll", widgetResizable=True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cartbar = QFrame(objectName="r_cartbar")
        cl = QHBoxLayout(self.cartbar)
        cl.setContentsMargins(14, 6, 14, 6)
        self.cart_summary = label(name="r_cart_summary")
        cl.addWidget(self.cart_summary)
        self.tabs_box = QWidget()
        self.buttons_box = QWidget()
        for w in (self.warning, self.tabs_box):
            self.body_layout.addWidget(w)
        self.body_layout.addWidget(self.scroll, 1)
        self._low = self.body_layout.count()
        self.body_layout.addStretch(0)  # with no scrolling part the buttons still sit low
        self.body_layout.addWidget(self.cartbar)
        self.body_layout.addWidget(self.buttons_box)
        outer.addWidget(self.body, 1)
        self.kiosk_buttons: dict[str, QPushButton] = {}
        self.digit_buttons: dict[str, QPushButton] = {}
        self.delete_btn: QPushButton | None = None
        self.keypad_display: QLabel | None = None
        self.keypad_prompt: QLabel | None = None
        self.slips: list[QFrame] = []
        self._structure: tuple = ()
        self._sheet = ""
        self._has_controls = True
        self._large = False
        self._line_rows: list[tuple[QLabel, ...]] = []

    # ---- rendering ---------------------------------------------------------------------
    def render(self, view: ReplicaView) -> None:
        sheet = replica_sheet(view.colours, view.large)
        if sheet != self._sheet:
            self.setStyleSheet(sheet)
            self._sheet = sheet
            for w in self.findChildren(QLabel):  # new fonts: wrapped heights must be redone
                w.updateGeometry()
            self.layout().invalidate()
        self.brand.setText(view.brand)
        self.screen_title.setText(view.title)
        self.screen_text.setText(view.text)
        self.screen_text.setVisible(bool(view.text))
        self.banner.setText(view.banner)
        self.banner.setVisible(bool(view.banner) and not view.slips)
        if view.structure() != self._structure:
            self._build(view)
            self._structure = view.structure()
        controls = {c.id: c for c in view.controls()}
        for cid, w in self.kiosk_buttons.items():
            w.show_view(controls[cid])
        for ln, row in zip(view.cart_lines, self._line_rows, strict=True):
            row[0].setText(ln.name)
            row[1].setText(ln.detail)
            row[1].setVisible(bool(ln.detail))
            row[2].setText(ln.qty)
            row[3].setText(ln.price)
        if view.keypad is not None:
            self.keypad_prompt.setText(view.keypad.prompt)
            self.keypad_display.setText(view.keypad.display)
            self.delete_btn.show_view(ControlView("keypad_delete", "digit", view.keypad.delete))
        self.cart_summary.setText(view.cart_summary)
        self.cartbar.setVisible(view.cart != "none")
        self.tick(view)
        self._place_top_part()  # (now that the words and the machine part are known)
        lit = next((c for c in self.kiosk_buttons if controls[c].highlight), None)
        if lit is not None:  # a long menu may hide the next control below the fold
            QTimer.singleShot(0, lambda: self._reveal(lit))

    def tick(self, view: ReplicaView) -> None:
        """What changes as time passes: the countdown, the warning, the moving machine part."""
        self.countdown.setText(view.countdown)
        self.warning.setVisible(bool(view.warning))
        self.warning_text.setText(view.warning)
        self.extend_btn.setText(view.extend)
        self.device.show_device(view.device, view.device_phase, view.device_progress)

    def _reveal(self, control_id: str) -> None:
        widget = self.kiosk_buttons.get(control_id)  # (the screen may have changed meanwhile)
        if widget is not None and widget.isVisible() and self.scroll.isAncestorOf(widget):
            self.scroll.ensureWidgetVisible(widget)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_top_part()

    def _place_top_part(self) -> None:
        """The brand bar and the screen's words fill the top third; controls start below."""
        if self._has_controls:
            top = max(0, round(self.height() * TOP_PART) - self.bar.sizeHint().height())
            # the words (and the card slot) may take more than the top third, up to 45 %
            want = self.info.heightForWidth(self.info_scroll.viewport().width())
            height = max(top, min(want, round(self.height() * 0.45)))
            self.info_scroll.setMinimumHeight(height)
            self.info_scroll.setMaximumHeight(height)
            self.body.show()
        else:  # nothing to press (a card being read, the ticket): the words may use it all
            self.info_scroll.setMinimumHeight(0)
            self.info_scroll.setMaximumHeight(16777215)
            self.body.hide()
        self.layout().setStretchFactor(self.info_scroll, 0 if self._has_controls else 1)

    def _build(self, view: ReplicaView) -> None:
        for w in self.kiosk_buttons.values():
            w.hide()
        self.kiosk_buttons = {}
        self.digit_buttons = {}
        self.delete_btn = self.keypad_display = self.keypad_prompt = None
        self._line_rows = []
        large = self._large = view.large
        tabs = self._grid(view.tabs, 2 if large else 4, 0, keep_columns=False)
        content = QWidget(objectName="r_content")
        cl = QVBoxLayout(content)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(10)
        if large and self.height() < 800:  # 200 % text on a low screen: the tabs scroll
            # with the menu, so the menu keeps some room
            self.tabs_box = self._replace(self.tabs_box, QWidget())
            cl.addWidget(tabs)
        else:
            self.tabs_box = self._replace(self.tabs_box, tabs)
        self.tabs_box.setVisible(bool(view.tabs) and not large)
        if view.tiles:
            cl.addWidget(self._grid(view.tiles, view.tile_columns, 48 if large else 60))
        for g in view.groups:
            if g.title:
                cl.addWidget(label(g.title, "group"))
            cl.addWidget(self._grid(g.choices, g.columns, 40 if large else 52))
        for c in view.counters:
            cl.addWidget(self._counter_row(c, large))
        for ln in view.cart_lines:
            cl.addWidget(self._line_row(ln, large))
        if view.keypad is not None:
            cl.addWidget(self._keypad(view, large))
        scrolled = view.tiles or view.groups or view.counters or view.cart_lines or view.keypad
        # a screen of buttons only (an ATM's services) gets big buttons with pictures, like
        # the real one, low on the screen and scrolling if 200 % text needs it; under a menu
        # the buttons stay one row at the bottom
        alone = not scrolled and len(view.buttons) > 2
        buttons = self._grid(
            view.buttons, view.button_columns, (72 if large else 44) if alone else 0,
            keep_columns=False, tall=alone,
        )  # fmt: skip
        if alone:
            cl.insertStretch(0, 1)
            cl.addWidget(buttons, 3)  # (most of the room: big buttons, up to their limit)
            self.buttons_box = self._replace(self.buttons_box, QWidget())
            self.buttons_box.hide()
        else:
            cl.addStretch(1)
            self.buttons_box = self._replace(self.buttons_box, buttons)
        self.scroll.setWidget(content)
        content.show()
        for s in self.slips:
            s.hide()
            s.deleteLater()
        self.slips = [self._slip(s) for s in view.slips]
        for s in self.slips:
            self.slip_box.addWidget(s)
            s.show()
        self._has_controls = bool(view.controls())
        self.scroll.setVisible(bool(scrolled or alone))
        self.body_layout.setStretch(self._low, 0 if scrolled or alone else 1)
        self._place_top_part()

    def _replace(self, old: QWidget, new: QWidget) -> QWidget:
        self.body_layout.replaceWidget(old, new)
        old.hide()
        old.deleteLater()
        new.show()  # at once, not on the next event-loop turn: a tap may follow at once
        return new

    def _tile(self, cv: ControlView, horizontal: bool, picture_px: int) -> Tile:
        t = Tile(cv, horizontal, picture_px)
        t.clicked.connect(lambda _=False, cid=cv.id: self.pressed.emit(cid))
        self.kiosk_buttons[cv.id] = t
        return t

    def _grid(
        self,
        controls: list[ControlView],
        columns: int,
        picture_px: int,
        keep_columns: bool = True,
        tall: bool = False,
    ) -> QWidget:
        """Controls in rows of `columns`; menus keep their columns (tiles keep one size),
        button rows share the width among the buttons there are."""
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        if not keep_columns:
            columns = min(columns, len(controls) or 1)
            # (not Maximum: that would cap wrapped words at one line's height)
            grow = QSizePolicy.Policy.Expanding if tall else QSizePolicy.Policy.Preferred
            box.setSizePolicy(QSizePolicy.Policy.Preferred, grow)
        columns = max(1, columns)
        for i, cv in enumerate(controls):
            # picture beside the words when the tiles are wide (one column, or 200 % text)
            tile = self._tile(cv, self._large or columns == 1, picture_px)
            if tall:
                tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                tile.setMaximumHeight(264 if self._large else 150)
            grid.addWidget(tile, i // columns, i % columns)
        for col in range(columns):
            grid.setColumnStretch(col, 1)
        return box

    def _counter_row(self, c, large: bool) -> QWidget:
        row = QFrame(objectName="r_line")
        lay = QHBoxLayout(row)
        lay.setContentsMargins(4, 4, 4, 4)
        words = QVBoxLayout()
        words.addWidget(label(c.label, "group"))
        for text in (c.plain, c.price):
            if text:
                words.addWidget(label(text, "muted"))
        lay.addLayout(words, 1)
        lay.addWidget(self._stepper(c.minus, large))
        lay.addWidget(label(c.value, name="r_count", wrap=False))
        lay.addWidget(self._stepper(c.plus, large))
        return row

    def _line_row(self, ln: LineView, large: bool) -> QWidget:
        row = QFrame(objectName="r_line")
        lay = QHBoxLayout(row) if not large else QVBoxLayout(row)
        lay.setContentsMargins(4, 6, 4, 6)
        words = QVBoxLayout()
        name, detail = label(ln.name, "group"), label(ln.detail, "muted")
        words.addWidget(name)
        words.addWidget(detail)
        lay.addLayout(words, 1)
        steps = QHBoxLayout()
        qty = label(ln.qty, name="r_qty", wrap=False)
        price = label(ln.price, name="r_line_price", wrap=False)
        if ln.minus is not None:
            steps.addWidget(self._stepper(ln.minus, large))
        steps.addWidget(qty)
        if ln.plus is not None:
            steps.addWidget(self._stepper(ln.plus, large))
        steps.addWidget(price, 1, Qt.AlignmentFlag.AlignRight)
        lay.addLayout(steps)
        self._line_rows.append((name, detail, qty, price))
        return row

    def _stepper(self, cv: ControlView, large: bool) -> Tile:
        t = self._tile(cv, False, 0)
        t.name.setObjectName("r_step")
        side = 96 if large else 56
        t.setFixedSize(side, side)
        return t

    def _keypad(self, view: ReplicaView, large: bool) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.keypad_prompt = label(view.keypad.prompt, "group")
        self.keypad_display = label(view.keypad.display, name="r_display", wrap=False)
        self.keypad_display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.keypad_prompt)
        lay.addWidget(self.keypad_display)
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        cols = 6 if large else 3
        for i, d in enumerate("123456789"):
            grid.addWidget(self._digit(d), i // cols, i % cols)
        self.delete_btn = Tile(ControlView("keypad_delete", "digit", view.keypad.delete))
        self.delete_btn.clicked.connect(self.delete.emit)
        if cols == 3:  # phone layout: 0 under 8, delete under 9
            grid.addWidget(self._digit("0"), 3, 1)
            grid.addWidget(self.delete_btn, 3, 2)
        else:  # 1-6 / 7-9 0 and a double-width delete
            grid.addWidget(self._digit("0"), 1, 3)
            grid.addWidget(self.delete_btn, 1, 4, 1, 2)
        lay.addWidget(grid_box)
        return box

    def _digit(self, d: str) -> Tile:
        t = Tile(ControlView(f"digit_{d}", "digit", d))
        t.clicked.connect(lambda _=False, d=d: self.digit.emit(d))
        self.digit_buttons[d] = t
        return t

    def _slip(self, s: SlipView) -> QFrame:
        slip = QFrame(objectName="r_receipt" if s.receipt else "r_slip")
        slip.setProperty("role", "slip")
        lay = QVBoxLayout(slip)
        lay.setContentsMargins(16, 10, 16, 10)
        lay.setSpacing(2)
        title = label(s.title, "group")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(title)
        if s.number:
            number = label(s.number, name="r_slip_number", wrap=False)
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lay.addWidget(number)
        for left, right in s.lines:
            row = QHBoxLayout()
            row.addWidget(label(left), 1)
            if right:
                row.addWidget(label(right, wrap=False))
            lay.addLayout(row)
        return slip
