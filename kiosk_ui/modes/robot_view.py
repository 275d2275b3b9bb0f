"""Widgets of the robot's touch screen: they draw RobotScreenModel and forward touches."""

from __future__ import annotations

import functools

from PyQt6.QtCore import QEvent, QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QPixmap
from PyQt6.QtWidgets import (
    QApplication,
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
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui import theme
from kiosk_ui.modes.robot import TOUR_COMMANDS, floor_text, hours_text, tr

_PRESS = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin}


@functools.lru_cache(maxsize=64)
def qr_pixmap(url: str, scale: int = 6) -> QPixmap:
    """A QR code for url (segno), as a pixmap; cached, the links are few and fixed."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=2)
    pix = QPixmap()
    pix.loadFromData(buf.getvalue(), "PNG")
    return pix


def _label(role: str = "", wrap: bool = True, name: str = "") -> QLabel:
    lab = QLabel(wordWrap=wrap)
    if role:
        lab.setProperty("role", role)
    if name:
        lab.setObjectName(name)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return lab


def _button(name: str, slot, primary: bool = False) -> QPushButton:
    b = QPushButton(objectName=name)
    if primary:
        b.setProperty("role", "primary")
    b.clicked.connect(lambda _=False: slot())
    return b


class _TouchPage(QFrame):
    """The idle screen: a touch anywhere starts the conversation."""

    touched = pyqtSignal()

    def mousePressEvent(self, event):
        self.touched.emit()
        super().mousePressEvent(event)


class _Activity(QObject):
    def __init__(self, view: QWidget, on_activity):
        super().__init__(view)
        self._view, self._on_activity = view, on_activity

    def eventFilter(self, obj, event):
        if event.type() in _PRESS and isinstance(obj, QWidget) and self._view.isAncestorOf(obj):
            self._on_activity()
        return False


class RobotScreenView(QWidget):
    def __init__(self, mode, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.mode, self.model, self.ctx = mode, mode.model, mode.ctx
        self.bridge = None
        self.robot_state = ""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 12, 24, 12)
        bar = QHBoxLayout()
        self.connection = _label(wrap=False, name="robot_connection")
        self.state_label = _label("muted", wrap=False, name="robot_state")
        bar.addWidget(self.connection)
        bar.addStretch(1)
        bar.addWidget(self.state_label)
        lay.addLayout(bar)
        # outside the page stack: a wrapped label's height must follow the real width
        self.offline_hint = _label("error", name="offline_hint")
        lay.addWidget(self.offline_hint)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)
        self.reply = _label("success", name="robot_reply")
        lay.addWidget(self.reply)
        self._build_idle()
        self._build_home()
        self._build_list()
        self._build_detail()
        self._build_mission()
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        self._activity = _Activity(self, self.model.touch)

    # ---- pages ------------------------------------------------------------------------------
    def _build_idle(self) -> None:
        page = _TouchPage(objectName="robot_idle")
        page.touched.connect(self._greet)
        lay = QVBoxLayout(page)
        card = QFrame()
        card.setProperty("role", "panel")
        cl = QHBoxLayout(card)
        cl.setContentsMargins(32, 32, 32, 32)
        text = QVBoxLayout()
        self.card_title = _label("title", name="card_title")
        self.card_body = _label(name="card_body")
        self.card_counter = _label("muted", name="card_counter")
        text.addStretch(1)
        text.addWidget(self.card_title)
        text.addWidget(self.card_body)
        text.addStretch(2)
        text.addWidget(self.card_counter)
        cl.addLayout(text, 1)
        self.card_qr = QLabel(objectName="card_qr")
        cl.addWidget(self.card_qr, 0, Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(card, 1)
        self.touch_hint = _label("title", name="touch_to_start")
        self.touch_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.touch_hint)
        self.idle_page = page
        self.stack.addWidget(page)

    def _build_home(self) -> None:
        page = QWidget(objectName="robot_home")
        lay = QVBoxLayout(page)
        self.greeting = _label("title", name="greeting")
        lay.addWidget(self.greeting)
        self.greeting.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.home_buttons: dict[str, QPushButton] = {}
        actions = {
            "where": lambda: self._open_list("places", "where"),
            "hours": lambda: self._open_list("places", "hours"),
            "documents": lambda: self._open_list("services"),
            "call_staff": lambda: self._call_staff(""),
            "staff_search": lambda: self._open_list("staff"),
            "courses": lambda: self._open_list("courses"),
        }
        for i, key in enumerate(self.model.home_items()):
            b = _button(f"home_{key}", actions[key], primary=(key == "call_staff"))
            b.setProperty("home", "true")
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            grid.addWidget(b, i // 2, i % 2)
            self.home_buttons[key] = b
        # a typed question goes to the dialog engine like a spoken one (/dialog/text_in)
        ask = QWidget()
        al = QHBoxLayout(ask)
        al.setContentsMargins(0, 0, 0, 0)
        self.ask_box = QLineEdit(objectName="ask_box")
        self.ask_box.returnPressed.connect(self._ask)
        self.ask_send = _button("ask_send", self._ask)
        al.addWidget(self.ask_box)
        al.addWidget(self.ask_send)
        n = len(self.model.home_items())
        grid.addWidget(ask, n // 2, n % 2)
        lay.addLayout(grid, 1)
        self.to_mission = _button("to_mission", self._show_mission)
        lay.addWidget(self.to_mission)
        self.home_page = page
        self.stack.addWidget(page)

    def _build_list(self) -> None:
        page = QWidget(objectName="robot_list")
        lay = QVBoxLayout(page)
        self.list_title = _label("title", name="list_title")
        self.search = QLineEdit(objectName="search")
        self.search.textChanged.connect(self._query_changed)
        self.results = QListWidget(objectName="results")
        self.results.itemClicked.connect(self._picked)
        self.results.setMinimumHeight(60)
        self.no_results = _label("muted", name="no_results")
        lay.addWidget(self.list_title)
        lay.addWidget(self.search)
        lay.addWidget(self.results, 1)
        lay.addWidget(self.no_results)
        row = QHBoxLayout()
        self.list_back = _button("list_back", self._back)
        row.addWidget(self.list_back)
        row.addStretch(1)
        lay.addLayout(row)
        self.list_page = page
        self.stack.addWidget(page)

    def _build_detail(self) -> None:
        page = QWidget(objectName="robot_detail")
        lay = QHBoxLayout(page)
        left = QVBoxLayout()
        self.detail_title = _label("title", name="detail_title")
        self.detail_body = _label(name="detail_body")
        self.detail_body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # long answers (many documents, large text) scroll instead of growing the screen
        body_scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget(objectName="page")  # a layout passes the label's height-for-width on
        QVBoxLayout(holder).addWidget(self.detail_body)
        holder.layout().setContentsMargins(0, 0, 0, 0)
        body_scroll.setWidget(holder)
        self.detail_body.setObjectName("detail_body")
        left.addWidget(self.detail_title)
        left.addWidget(body_scroll, 1)
        row = QHBoxLayout()
        self.take_me = _button("take_me", self._take_me, primary=True)
        self.call_this = _button("call_this", lambda: self._call_staff(self.model.selected.id))
        self.start_tour = _button("start_tour", self._start_tour, primary=True)
        self.detail_back = _button("detail_back", self._back)
        for b in (self.take_me, self.call_this, self.start_tour, self.detail_back):
            row.addWidget(b)
        left.addLayout(row)
        lay.addLayout(left, 1)
        right = QVBoxLayout()
        self.detail_qr = QLabel(objectName="detail_qr")
        self.detail_qr_caption = _label("muted", name="qr_caption")
        self.detail_qr_caption.setFixedWidth(300)
        right.addWidget(self.detail_qr, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addWidget(self.detail_qr_caption)
        right.addStretch(1)
        lay.addLayout(right)
        self.detail_page = page
        self.stack.addWidget(page)

    def _build_mission(self) -> None:
        page = QWidget(objectName="robot_mission")
        lay = QVBoxLayout(page)
        self.mission_text = _label("title", name="mission_text")
        self.mission_detail = _label(name="mission_detail")
        lay.addWidget(self.mission_text)
        lay.addWidget(self.mission_detail)
        lay.addStretch(1)
        tour = QHBoxLayout()
        self.tour_buttons = {
            cmd: _button(f"tour_{cmd}", lambda c=cmd: self._control(c)) for cmd in TOUR_COMMANDS
        }
        for b in self.tour_buttons.values():
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            tour.addWidget(b)
        lay.addLayout(tour)
        row = QHBoxLayout()
        self.cancel_mission = _button("cancel_mission", self._cancel)
        self.mission_home = _button("mission_home", self._start_over)
        row.addWidget(self.cancel_mission)
        row.addStretch(1)
        row.addWidget(self.mission_home)
        lay.addLayout(row)
        self.mission_page = page
        self.stack.addWidget(page)

    # ---- ROS ---------------------------------------------------------------------------------
    def connect_bridge(self, bridge) -> None:
        self.bridge = bridge
        bridge.connection_changed.connect(self._connection_changed)
        bridge.status_received.connect(self._status)
        bridge.intent_received.connect(self._intent)
        bridge.people_received.connect(self._people)
        bridge.mission_update.connect(self._mission_update)
        bridge.control_reply.connect(self._control_reply)

    def _connection_changed(self, connected: bool) -> None:
        self.model.connected = connected
        self.refresh()

    def _status(self, msg) -> None:
        self.robot_state = msg.state_text
        self._render_bar()

    def _people(self, msg) -> None:
        if self.model.on_people(sum(1 for p in msg.people if p.is_engaged)):
            self.refresh()
            self.ctx.speak(self.greeting.text(), self.ctx.lang)

    def _intent(self, msg) -> None:
        self.model.on_intent(msg)
        self.refresh()

    def _mission_update(self, update) -> None:
        self.model.on_mission_update(update)
        if self.model.screen != "idle":
            self.model.screen = "mission"
        self.refresh()

    def _control_reply(self, command: str, ok: bool, message: str) -> None:
        if not ok:
            self.model.reply = self.ctx.t("robot_screen.control_failed", message=message)
            self.refresh()

    # ---- touches -----------------------------------------------------------------------------
    def _greet(self) -> None:
        self.model.greet()
        self.refresh()
        # the shell's voice guidance (off when the visitor turned it off); voice questions are
        # answered by the robot's own tts_node instead
        self.ctx.speak(self.greeting.text(), self.ctx.lang)

    def _ask(self) -> None:
        text = self.model.ask(self.ask_box.text())
        if text is None:
            return
        if self.bridge is None or not self.bridge.connected:
            self.model.reply = self.ctx.t("robot_screen.mission_unavailable")
        else:
            self.bridge.send_text(text, self.ctx.lang, source="text")
            self.model.reply = self.ctx.t("robot_screen.asked", text=text)
            self.ask_box.clear()
        self.refresh()

    def _open_list(self, kind: str, purpose: str = "") -> None:
        self.model.open_list(kind, purpose)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.refresh()

    def _query_changed(self, text: str) -> None:
        self.model.query = text
        self.model.touch()
        self._fill_results()

    def _picked(self, item: QListWidgetItem) -> None:
        self.model.select(self.model.list_kind, item.data(Qt.ItemDataRole.UserRole))
        self.refresh()
        lines = self.detail_body.text().splitlines()[:4]
        self.ctx.speak(". ".join([self.detail_title.text(), *lines]), self.ctx.lang)

    def _back(self) -> None:
        self.model.back()
        self.refresh()

    def _start_over(self) -> None:
        self.model.reset()
        self.model.greet()
        self.refresh()

    def _show_mission(self) -> None:
        self.model.screen = "mission"
        self.refresh()

    def _send(self, kind: str, target: str, send) -> None:
        self.model.start_mission(kind, target)
        if self.bridge is None or not self.bridge.connected:
            from kiosk_ui.rosbridge import MissionUpdate

            self.model.on_mission_update(MissionUpdate(kind, "unavailable"))
        else:
            send()
        self.refresh()

    def _take_me(self) -> None:
        place = self.model.escort_target()
        if place:
            lang = self.ctx.lang
            self._send("escort", place, lambda: self.bridge.send_escort(place, lang))

    def _call_staff(self, staff_id: str) -> None:
        reason, lang = self.ctx.t("robot_screen.call_staff_reason"), self.ctx.lang
        self._send(
            "call_staff",
            staff_id,
            lambda: self.bridge.send_call_staff("saebit_office", reason, lang, staff_id=staff_id),
        )

    def _start_tour(self) -> None:
        course = self.model.selected.id
        lang = self.ctx.lang
        self._send("tour", course, lambda: self.bridge.send_tour(course, lang))

    def _control(self, command: str) -> None:
        self.model.touch()
        if self.bridge is None or not self.bridge.connected:
            self._control_reply(command, False, self.ctx.t("robot_screen.not_connected"))
            return
        self.bridge.mission_control(command)

    def _cancel(self) -> None:
        m = self.model.mission
        if (
            m is not None
            and m.active
            and self.bridge is not None
            and not self.bridge.cancel_mission(m.kind)
        ):
            self.bridge.mission_control("cancel")

    # ---- timers ------------------------------------------------------------------------------
    def start_timers(self) -> None:
        self._timer.start()
        QApplication.instance().installEventFilter(self._activity)

    def stop_timers(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)

    def _tick(self) -> None:
        went_idle = self.model.tick()
        if went_idle or self.model.screen == "idle":
            self.refresh()

    # ---- drawing -----------------------------------------------------------------------------
    def _restyle(self) -> None:
        """Sizes only (the shell's sheet owns colours): big card and home-button text."""
        acc = self.ctx.accessibility
        bar_px = min(theme.font_px(acc), 28)  # as the shell's top bar: status, not content
        sheet = (
            f"QLabel#robot_connection, QLabel#robot_state {{ font-size: {bar_px}px; "
            f"padding: 2px 8px; }}"
            f"QLabel#card_title {{ font-size: {max(theme.font_px(acc, 1.5), 44)}px; "
            f"font-weight: bold; }}"
            f"QLabel#card_body {{ font-size: {max(theme.font_px(acc, 1.1), 30)}px; }}"
            f"QLabel#touch_to_start, QLabel#mission_text "
            f"{{ font-size: {max(theme.font_px(acc, 1.2), 34)}px; }}"
            f'QPushButton[home="true"] {{ font-size: {max(theme.font_px(acc, 1.1), 28)}px; }}'
            f"QListWidget#results::item {{ min-height: {acc.min_touch_px + 16}px; "
            f"padding: 4px 12px; }}"
        )
        if sheet != self.styleSheet():  # re-polishing every widget on each tap costs ~50 ms
            self.setStyleSheet(sheet)

    def refresh(self) -> None:
        t, m = self.ctx.t, self.model
        self._restyle()
        self._render_bar()
        page = {
            "idle": self.idle_page,
            "home": self.home_page,
            "list": self.list_page,
            "detail": self.detail_page,
            "mission": self.mission_page,
        }[m.screen]
        getattr(self, f"_render_{m.screen}")()
        self.stack.setCurrentWidget(page)
        self.offline_hint.setText(t("robot_screen.not_connected_hint"))
        self.offline_hint.setVisible(not m.connected and m.screen == "home")
        self.reply.setText(m.reply)
        self.reply.setVisible(bool(m.reply) and m.screen != "idle")
        self.list_back.setText(t("robot_screen.btn_back"))
        self.detail_back.setText(t("robot_screen.btn_back"))
        self.mission_home.setText(t("robot_screen.btn_start_over"))

    def _render_bar(self) -> None:
        t = self.ctx.t
        ok = self.model.connected
        self.connection.setText(
            t("robot_screen.connected" if ok else "robot_screen.not_connected")
        )
        self.connection.setProperty("role", "success" if ok else "error")
        self.connection.style().unpolish(self.connection)
        self.connection.style().polish(self.connection)
        state = self.robot_state if ok else ""
        key = f"robot_screen.state_{state}"
        if state and self.ctx.strings.has(key):
            state = t(key)
        self.state_label.setText(t("robot_screen.robot_busy", state=state) if state else "")

    def _render_idle(self) -> None:
        t, lang = self.ctx.t, self.ctx.lang
        card = self.model.carousel.current(self.model.clock())
        self.touch_hint.setText(t("robot_screen.touch_to_start"))
        if card is None:
            self.card_title.setText(t("robot_screen.touch_to_start"))
            self.card_body.setText("")
            self.card_counter.setText("")
            self.card_qr.clear()
            return
        self.card_title.setText(card.title.get(lang))
        self.card_body.setText(card.body.get(lang))
        n = len(self.model.carousel.cards)
        idx = self.model.carousel.index + 1
        self.card_counter.setText(t("robot_screen.card_counter", index=idx, count=n))
        if card.url:
            self.card_qr.setPixmap(qr_pixmap(card.url, 5))
            self.card_qr.setToolTip(card.url)
        else:
            self.card_qr.clear()

    def _render_home(self) -> None:
        t = self.ctx.t
        key = "greeting_arboretum" if self.model.site == "arboretum" else "greeting"
        self.greeting.setText(t(f"robot_screen.{key}"))
        labels = {
            "where": "btn_facilities" if self.model.site == "arboretum" else "btn_where",
            "hours": "btn_hours",
            "documents": "btn_documents",
            "call_staff": "btn_call_staff",
            "staff_search": "btn_staff_search",
            "courses": "btn_courses",
        }
        for k, b in self.home_buttons.items():
            b.setText(t(f"robot_screen.{labels[k]}"))
        self.ask_box.setPlaceholderText(t("robot_screen.ask_placeholder"))
        self.ask_send.setText(t("robot_screen.btn_ask"))
        m = self.model.mission
        self.to_mission.setVisible(bool(m and m.active))
        self.to_mission.setText(
            t(f"robot_screen.{self.model.mission_text()[0] or 'phase_driving'}")
        )

    def _render_list(self) -> None:
        t, m = self.ctx.t, self.model
        title = {
            "places": "title_hours" if m.purpose == "hours" else "title_places",
            "services": "title_documents",
            "staff": "title_staff",
            "courses": "title_courses",
        }[m.list_kind]
        self.list_title.setText(t(f"robot_screen.{title}"))
        placeholder = {"services": "service_placeholder", "staff": "staff_placeholder"}.get(
            m.list_kind, "search_placeholder"
        )
        self.search.setPlaceholderText(t(f"robot_screen.{placeholder}"))
        self.search.setVisible(m.list_kind != "courses")
        self._fill_results()

    def _fill_results(self) -> None:
        t, lang, m = self.ctx.t, self.ctx.lang, self.model
        self.results.clear()
        items = m.results()
        for item in items:
            row = QListWidgetItem(self._row_text(item))
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            self.results.addItem(row)
        empty = {"places": "no_places", "courses": "no_courses"}.get(m.list_kind, "no_results")
        if not getattr(m.content, m.list_kind, None):
            self.no_results.setText(t(f"robot_screen.{empty}"))
        else:
            self.no_results.setText(t("robot_screen.no_results") if not items else "")
        self.no_results.setVisible(not items)
        del lang

    def _row_text(self, item) -> str:
        t, lang, src = self.ctx.t, self.ctx.lang, item.source
        name = item.label(lang)
        kind = self.model.list_kind
        if kind == "places":
            where = floor_text(getattr(src, "floor", None), t)
            return f"{name}  ·  {where}" if where else name
        if kind == "staff":
            return f"{name}  ·  {tr(src.department, lang)}  ·  {tr(src.duty, lang)}"
        if kind == "courses":
            line = t("robot_screen.course_line", minutes=src.duration_min, stops=len(src.stops))
            return f"{name}  ·  {line}"
        return name

    def _render_detail(self) -> None:
        t, lang, m = self.ctx.t, self.ctx.lang, self.model
        item, kind = m.selected, m.selected_kind
        src = item.source
        self.detail_title.setText(item.label(lang))
        lines: list[str] = []
        if kind == "places":
            lines += self._place_lines(src)
            desc = tr(getattr(src, "description", None), lang)
            if desc:
                lines.append(desc)
        elif kind == "services":
            lines.append(t("robot_screen.documents_title", service=item.label(lang)))
            lines += [f"• {tr(d, lang)}" for d in src.documents]
            place = m.content.place(src.place)
            name = place.label(lang) if place else src.place
            lines.append(t("robot_screen.documents_where", place=name))
            if place:
                lines += self._place_lines(place.source)
        elif kind == "staff":
            lines.append(f"{tr(src.department, lang)} · {tr(src.duty, lang)}")
            if src.is_veteran_official:
                lines.append(t("robot_screen.staff_veteran"))
            lines.append(t("robot_screen.staff_ext", ext=src.phone_ext))
        elif kind == "courses":
            lines.append(
                t("robot_screen.course_line", minutes=src.duration_min, stops=len(src.stops))
            )
            for i, stop in enumerate(src.stops, 1):
                place = m.content.place(stop.place)
                lines.append(f"{i}. {place.label(lang) if place else stop.place}")
        self.detail_body.setText("\n".join(lines))
        target = m.escort_target()
        self.take_me.setText(t("robot_screen.btn_take_me"))
        self.take_me.setVisible(bool(target and m.content.place(target)))
        self.call_this.setText(t("robot_screen.btn_call_staff"))
        self.call_this.setVisible(kind == "staff" and bool(src.is_veteran_official))
        self.start_tour.setText(t("robot_screen.btn_start_tour"))
        self.start_tour.setVisible(kind == "courses")
        url = m.service_link()
        self.detail_qr.setVisible(bool(url))
        self.detail_qr_caption.setVisible(bool(url))
        if url:
            self.detail_qr.setPixmap(qr_pixmap(url))
            self.detail_qr.setToolTip(url)
            self.detail_qr_caption.setText(t("robot_screen.qr_caption"))

    def _place_lines(self, place) -> list[str]:
        t, lang = self.ctx.t, self.ctx.lang
        lines = []
        where = floor_text(getattr(place, "floor", None), t)
        if where:
            lines.append(t("robot_screen.place_floor", floor=where))
        counter = tr(getattr(place, "counter", None), lang)
        if counter:
            lines.append(t("robot_screen.place_counter", counter=counter))
        hours = hours_text(getattr(place, "hours", None), lang, t)
        if hours:
            lines.append(t("robot_screen.place_hours", hours=hours))
        return lines

    def _render_mission(self) -> None:
        t, m = self.ctx.t, self.model
        key, fmt = m.mission_text()
        target = m.mission.target if m.mission else ""
        place = m.content.place(target) or m.content.find("courses", target)
        name = place.label(self.ctx.lang) if place else target
        fmt = {"place": name, "course": name, **fmt}
        self.mission_text.setText(t(f"robot_screen.{key}", **fmt) if key else "")
        dkey, dfmt = m.mission_detail()
        dfmt = {"place": name, **dfmt}
        self.mission_detail.setText(t(f"robot_screen.{dkey}", **dfmt) if dkey else "")
        is_tour = bool(m.mission and m.mission.kind == "tour" and m.mission.active)
        for cmd, b in self.tour_buttons.items():
            b.setText(t(f"robot_screen.btn_{cmd}"))
            b.setVisible(is_tour)
        self.cancel_mission.setText(t("robot_screen.btn_cancel_mission"))
        self.cancel_mission.setVisible(bool(m.mission and m.mission.active) and not is_tour)
