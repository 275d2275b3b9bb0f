"""The robot screen's widget: shows RobotScreenModel through its pages, forwards touches to the
model and requests to the robot (kiosk_ui.rosbridge.RobotBridge); the UI never waits on ROS."""

from __future__ import annotations

from PyQt6.QtCore import QEvent, QObject, QTimer
from PyQt6.QtWidgets import QApplication, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk_ui import theme
from kiosk_ui.modes.base import KioskContext
from kiosk_ui.robot_screen import answers
from kiosk_ui.robot_screen.model import RobotScreenModel
from kiosk_ui.robot_screen.pages import (
    ChoicesPage,
    DetailPage,
    HomePage,
    IdlePage,
    ListPage,
    MissionPage,
    label,
)
from kiosk_ui.rosbridge import MissionUpdate, RobotBridge

_PRESS = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin}


class _Activity(QObject):
    """Any press inside the view counts as the visitor still being there."""

    def __init__(self, view: QWidget, on_activity):
        super().__init__(view)
        self._view, self._on_activity = view, on_activity

    def eventFilter(self, obj, event):
        if event.type() in _PRESS and isinstance(obj, QWidget) and self._view.isAncestorOf(obj):
            self._on_activity()
        return False


class RobotScreenView(QWidget):
    def __init__(self, model: RobotScreenModel, ctx: KioskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.model, self.ctx = model, ctx
        self.bridge: RobotBridge | None = None
        self.robot_state = ""
        self._heard_lang = ""  # the language last told to stt_node
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 12, 24, 12)
        bar = QHBoxLayout()
        self.connection = label(wrap=False, name="robot_connection")
        self.state_label = label("muted", wrap=False, name="robot_state")
        bar.addWidget(self.connection)
        bar.addStretch(1)
        bar.addWidget(self.state_label)
        lay.addLayout(bar)
        # outside the page stack: a wrapped label's height must follow the real width
        self.offline_hint = label("error", name="offline_hint")
        lay.addWidget(self.offline_hint)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)
        self.reply = label("success", name="robot_reply")
        lay.addWidget(self.reply)
        self.idle_page = IdlePage()
        self.home_page = HomePage(model.home_items())
        self.list_page = ListPage()
        self.detail_page = DetailPage()
        self.mission_page = MissionPage()
        self.choices_page = ChoicesPage()
        self.pages = {
            "idle": self.idle_page,
            "home": self.home_page,
            "list": self.list_page,
            "detail": self.detail_page,
            "mission": self.mission_page,
            "choices": self.choices_page,
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        self._connect_pages()
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        self._activity = _Activity(self, self.model.touch)

    def _connect_pages(self) -> None:
        self.idle_page.touched.connect(self.greet)
        home = self.home_page
        home.chosen.connect(self._home_item)
        home.asked.connect(self._ask)
        home.mission_wanted.connect(lambda: self._show(self.model.show_mission))
        self.list_page.query_changed.connect(self._query_changed)
        self.list_page.picked.connect(self._picked)
        self.list_page.back.connect(self.back)
        detail = self.detail_page
        detail.take_me_wanted.connect(self._take_me)
        detail.call_wanted.connect(lambda: self._call_staff(self.model.selected.id))
        detail.tour_wanted.connect(self._start_tour)
        detail.back.connect(self.back)
        self.mission_page.control.connect(self._control)
        self.mission_page.cancel.connect(self._cancel)
        self.mission_page.start_over.connect(self.start_over)
        self.choices_page.picked.connect(self._choose)

    # ---- ROS ---------------------------------------------------------------------------------
    def connect_bridge(self, bridge: RobotBridge) -> None:
        self.bridge = bridge
        bridge.connection_changed.connect(self._connection_changed)
        bridge.status_received.connect(self._status)
        bridge.intent_received.connect(self._intent)
        bridge.people_received.connect(self._people)
        bridge.mission_update.connect(self._mission_update)
        bridge.control_reply.connect(self._control_reply)

    def _robot_there(self) -> bool:
        return self.bridge is not None and self.bridge.connected

    def _connection_changed(self, connected: bool) -> None:
        self.model.connected = connected
        if not connected:
            self._heard_lang = ""  # tell it again when the robot is back
        self.refresh()

    def _status(self, msg) -> None:
        self.robot_state = msg.state_text
        self.model.on_status(msg)
        if self.model.handoff_map() is not None:
            self._render_mission()
        self._render_bar()

    def _people(self, msg) -> None:
        if self.model.on_people(sum(1 for p in msg.people if p.is_engaged)):
            self.refresh()
            self.ctx.speak(self.home_page.greeting.text(), self.ctx.lang)

    def _intent(self, msg) -> None:
        self._show(self.model.on_intent, msg)

    def _mission_update(self, update) -> None:
        self._show(self.model.on_mission_update, update)

    def _control_reply(self, command: str, ok: bool, message: str) -> None:
        if not ok:
            self.model.reply = self.ctx.t("robot_screen.control_failed", message=message)
            self.refresh()

    # ---- touches -----------------------------------------------------------------------------
    def _show(self, change, *args) -> None:
        """Apply a change to the model, then draw it."""
        change(*args)
        self.refresh()

    def greet(self) -> None:
        self._show(self.model.greet)
        # the shell's voice guidance (off when the visitor turned it off); voice questions are
        # answered by the robot's own tts_node instead
        self.ctx.speak(self.home_page.greeting.text(), self.ctx.lang)

    def back(self) -> None:
        self._show(self.model.back)

    def start_over(self) -> None:
        self._show(self.model.start_over)

    def _home_item(self, key: str) -> None:
        if key == "call_staff":
            self._call_staff("")
            return
        kind, purpose = {
            "where": ("places", "where"),
            "hours": ("places", "hours"),
            "documents": ("services", ""),
            "staff_search": ("staff", ""),
            "courses": ("courses", ""),
        }[key]
        self.model.open_list(kind, purpose)
        self.list_page.clear_search()
        self.refresh()

    def _ask(self) -> None:
        text = self.model.ask(self.home_page.ask_box.text())
        if text is None:
            return
        if not self._robot_there():
            self.model.reply = self.ctx.t("robot_screen.mission_unavailable")
        else:
            self.bridge.send_text(text, self.ctx.lang, source="text")
            self.model.reply = self.ctx.t("robot_screen.asked", text=text)
            self.home_page.ask_box.clear()
        self.refresh()

    def _choose(self, index: int) -> None:
        """A touched answer goes to the dialog as the visitor's words (/dialog/text_in)."""
        chosen = self.model.choose(index)
        if chosen is None:
            return
        label_text, utterance, lang = chosen
        if not self._robot_there():
            self.model.reply = self.ctx.t("robot_screen.mission_unavailable")
        else:
            self.bridge.send_text(utterance, lang, source="touch")
            self.model.reply = self.ctx.t("robot_screen.asked", text=label_text)
        self.refresh()

    def _query_changed(self, text: str) -> None:
        self.model.set_query(text)
        self._render_rows()

    def _picked(self, item_id: str) -> None:
        self._show(self.model.select, self.model.list_kind, item_id)
        lines = self.detail_page.body.text().splitlines()[:4]
        self.ctx.speak(". ".join([self.detail_page.title.text(), *lines]), self.ctx.lang)

    def _send(self, kind: str, target: str, send) -> None:
        self.model.start_mission(kind, target)
        if not self._robot_there():
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
        office = self.model.staff_office
        reason, lang = self.ctx.t("robot_screen.call_staff_reason"), self.ctx.lang
        self._send(
            "call_staff",
            staff_id,
            lambda: self.bridge.send_call_staff(office, reason, lang, staff_id=staff_id),
        )

    def _start_tour(self) -> None:
        course = self.model.selected.id
        lang = self.ctx.lang
        self._send("tour", course, lambda: self.bridge.send_tour(course, lang))

    def _control(self, command: str) -> None:
        self.model.touch()
        if not self._robot_there():
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
            f'QPushButton[choice="true"] {{ font-size: {max(theme.font_px(acc, 1.2), 32)}px; '
            f"min-height: {acc.min_touch_px + 24}px; }}"
            f"QLabel#choice_question {{ font-size: {max(theme.font_px(acc, 1.4), 40)}px; "
            f"font-weight: bold; }}"
            f"QListWidget#results::item {{ min-height: {acc.min_touch_px + 16}px; "
            f"padding: 4px 12px; }}"
        )
        if sheet != self.styleSheet():  # re-polishing every widget on each tap costs ~50 ms
            self.setStyleSheet(sheet)

    def _tell_language(self) -> None:
        """stt_node listens in the screen's language (the visitor switched, or we connected)."""
        lang = self.ctx.lang
        if self._robot_there() and lang != self._heard_lang and self.bridge.send_language(lang):
            self._heard_lang = lang

    def refresh(self) -> None:
        t, m = self.ctx.t, self.model
        self._tell_language()
        self._restyle()
        self._render_bar()
        getattr(self, f"_render_{m.screen}")()
        self.stack.setCurrentWidget(self.pages[m.screen])
        self.offline_hint.setText(t("robot_screen.not_connected_hint"))
        self.offline_hint.setVisible(not m.connected and m.screen == "home")
        self.reply.setText(m.reply)
        self.reply.setVisible(bool(m.reply) and m.screen != "idle")
        self.list_page.back_button.setText(t("robot_screen.btn_back"))
        self.detail_page.back_button.setText(t("robot_screen.btn_back"))
        self.mission_page.home_button.setText(t("robot_screen.btn_start_over"))

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
        # a state this screen has no words for is not shown (never the robot's English id)
        state = t(key) if state and self.ctx.strings.has(key) else ""
        self.state_label.setText(t("robot_screen.robot_busy", state=state) if state else "")

    def _render_idle(self) -> None:
        t, lang, page = self.ctx.t, self.ctx.lang, self.idle_page
        carousel = self.model.carousel
        card = carousel.current(self.model.clock())
        page.touch_hint.setText(t("robot_screen.touch_to_start"))
        if card is None:
            page.show_card(t("robot_screen.touch_to_start"), "", "", None)
            return
        counter = t(
            "robot_screen.card_counter", index=carousel.index + 1, count=len(carousel.cards)
        )
        page.show_card(card.title.get(lang), card.body.get(lang), counter, card.url)

    def _render_home(self) -> None:
        t, m, page = self.ctx.t, self.model, self.home_page
        page.greeting.setText(answers.greeting(m, t))
        for key, b in page.buttons.items():
            b.setText(answers.home_label(m, key, t))
        page.ask_box.setPlaceholderText(t("robot_screen.ask_placeholder"))
        page.ask_send.setText(t("robot_screen.btn_ask"))
        page.to_mission.setVisible(bool(m.mission and m.mission.active))
        page.to_mission.setText(t(f"robot_screen.{m.mission_text()[0] or 'phase_driving'}"))

    def _render_list(self) -> None:
        t, m, page = self.ctx.t, self.model, self.list_page
        page.title.setText(answers.list_title(m, t))
        page.search.setPlaceholderText(answers.search_placeholder(m, t))
        page.search.setVisible(m.list_kind != "courses")
        self._render_rows()

    def _render_rows(self) -> None:
        t, lang, m = self.ctx.t, self.ctx.lang, self.model
        items = m.results()
        rows = [(item.id, answers.row_text(item, m.list_kind, t, lang)) for item in items]
        self.list_page.show_rows(rows, answers.no_results(m, items, t))

    def _render_detail(self) -> None:
        t, lang, m, page = self.ctx.t, self.ctx.lang, self.model, self.detail_page
        page.title.setText(m.selected.label(lang))
        page.body.setText("\n".join(answers.answer_lines(m, t, lang)))
        target = m.escort_target()
        page.take_me.setText(t("robot_screen.btn_take_me"))
        page.take_me.setVisible(bool(target and m.content.place(target)))
        page.call_this.setText(t("robot_screen.btn_call_staff"))
        page.call_this.setVisible(answers.can_call(m))
        page.start_tour.setText(t("robot_screen.btn_start_tour"))
        page.start_tour.setVisible(m.selected_kind == "courses")
        page.show_link(m.service_link(), t("robot_screen.qr_caption"))

    def _render_choices(self) -> None:
        c = self.model.choices
        if c is None:
            return
        self.choices_page.show_choices(
            c.question,
            self.ctx.t("robot_screen.choices_hint"),
            [label for label, _ in c.options],
            yes_first=c.confirm,
        )

    def _render_mission(self) -> None:
        t, m, page = self.ctx.t, self.model, self.mission_page
        text, detail = answers.mission_lines(m, t, self.ctx.lang)
        page.text.setText(text)
        page.detail.setText(detail)
        handoff = m.handoff_map()
        if handoff is not None and (
            page.map.image is not None or page.map.load(m.content.map_path)
        ):
            page.map.show_marks(*handoff)
        page.map.setVisible(handoff is not None and page.map.image is not None)
        is_tour = bool(m.mission and m.mission.kind == "tour" and m.mission.active)
        for cmd, b in page.tour_buttons.items():
            b.setText(t(f"robot_screen.btn_{cmd}"))
            b.setVisible(is_tour)
        page.cancel_button.setText(t("robot_screen.btn_cancel_mission"))
        page.cancel_button.setVisible(bool(m.mission and m.mission.active) and not is_tour)
