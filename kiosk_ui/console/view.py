"""The operator console's widget: shows ConsoleModel (state, map, pager inbox, log) and forwards
clicks to the robot (kiosk_ui.rosbridge.RobotBridge); the UI never waits on ROS."""

from __future__ import annotations

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui import theme
from kiosk_ui.console import texts
from kiosk_ui.console.map_view import MapView
from kiosk_ui.console.model import ConsoleModel
from kiosk_ui.modes.base import KioskContext
from kiosk_ui.rosbridge import RobotBridge
from kiosk_ui.site_content import SiteContent


def _section(title_label: QLabel, *widgets) -> QFrame:
    box = QFrame()
    box.setProperty("role", "panel")
    lay = QVBoxLayout(box)
    lay.setContentsMargins(10, 6, 10, 8)
    lay.setSpacing(4)
    title_label.setObjectName("section_title")
    lay.addWidget(title_label)
    for w in widgets:
        if isinstance(w, QWidget):
            lay.addWidget(w)
        else:
            lay.addLayout(w)
    return box


class ConsoleView(QWidget):
    def __init__(
        self,
        model: ConsoleModel,
        content: SiteContent,
        ctx: KioskContext,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("page")
        self.model, self.content, self.ctx = model, content, ctx
        self.bridge: RobotBridge | None = None
        self.ros_problem = ""
        outer = QVBoxLayout(self)
        self.connection = QLabel(objectName="console_connection", wordWrap=True)
        outer.addWidget(self.connection)
        body = QHBoxLayout()
        outer.addLayout(body, 1)

        self.map = MapView(self.model)
        self.map_title = QLabel()
        left = QVBoxLayout()
        body.addLayout(left, 3)
        left.addWidget(_section(self.map_title, self.map), 1)

        side_widget = QWidget(objectName="page")
        side = QVBoxLayout(side_widget)
        side.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(side_widget)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right = QVBoxLayout()
        body.addLayout(right, 2)
        self.state_title = QLabel()
        self.state_lines = {
            k: QLabel(objectName=f"robot_{k}", wordWrap=True)
            for k in ("state", "battery", "task", "detail", "errors", "pose")
        }
        state_grid = QGridLayout()
        for i, lab in enumerate(self.state_lines.values()):
            state_grid.addWidget(lab, i // 2, i % 2)
        side.addWidget(_section(self.state_title, state_grid))

        self.missions_title = QLabel()
        self.place_label, self.course_label = QLabel(), QLabel()
        self.place_box = QComboBox(objectName="place_box")
        for item in self.content.places:
            self.place_box.addItem(item.id, item.id)
        self.course_box = QComboBox(objectName="course_box")
        for item in self.content.courses:
            self.course_box.addItem(item.id, item.id)
        for box in (self.place_box, self.course_box):  # long names must not widen the panel
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(6)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.addWidget(self.place_label, 0, 0)
        grid.addWidget(self.place_box, 0, 1)
        grid.addWidget(self._button("go_to_place", self._go), 1, 0)
        grid.addWidget(self._button("escort", self._escort), 1, 1)
        grid.addWidget(self._button("dock", self._dock), 2, 0, 1, 2)
        grid.addWidget(self.course_label, 3, 0)
        grid.addWidget(self.course_box, 3, 1)
        grid.addWidget(self._button("tour", self._tour), 4, 0, 1, 2)
        side.addWidget(_section(self.missions_title, grid))

        self.control_title = QLabel()
        controls = QGridLayout()
        for i, cmd in enumerate(("pause", "resume", "cancel")):
            controls.addWidget(self._button(cmd, lambda c=cmd: self._control(c)), 0, i)
        estop = self._button("estop", lambda: self._control("estop"))
        controls.addWidget(estop, 1, 0, 1, 3)
        release = self._button("release_estop", lambda: self._control("release_estop"))
        controls.addWidget(release, 2, 0, 1, 3)
        # pause/stop and e-stop stay in sight above the scrolling panels: they must always win
        right.addWidget(_section(self.control_title, controls))
        right.addWidget(scroll, 1)

        self.pages_title = QLabel()
        self.pages = QListWidget(objectName="pages")
        self.pages.setMinimumHeight(90)
        self.pages.setWordWrap(True)
        self.pages.currentItemChanged.connect(lambda *_: self._render_state())
        pr = QHBoxLayout()
        pr.addWidget(self._button("accept", lambda: self._answer(True)))
        pr.addWidget(self._button("decline", lambda: self._answer(False)))
        side.addWidget(_section(self.pages_title, self.pages, pr))

        self.log_title = QLabel()
        self.log = QListWidget(objectName="log")
        self.log.setMaximumHeight(110)
        left.addWidget(_section(self.log_title, self.log))

        # the places file names the map (the one source of the map path)
        self.map.load(content.map_path, why_none="; ".join(content.problems))
        self._repaint = QTimer(self, interval=200)  # streams arrive at 10 Hz; draw at most 5 Hz
        self._repaint.timeout.connect(self._redraw_if_dirty)
        self._dirty = False

    def _button(self, key: str, slot) -> QPushButton:
        b = QPushButton(objectName=f"op_{key}")
        b.clicked.connect(lambda _=False: slot())
        self.buttons[key] = b
        return b

    # ---- ROS ---------------------------------------------------------------------------------
    def connect_bridge(self, bridge: RobotBridge) -> None:
        self.bridge = bridge
        bridge.connection_changed.connect(self._connection)
        bridge.status_received.connect(self._status)
        bridge.odom_received.connect(lambda m: self._stream(self.model.on_odom, m))
        bridge.people_received.connect(lambda m: self._stream(self.model.on_people, m))
        bridge.plan_received.connect(lambda m: self._stream(self.model.on_plan, m))
        bridge.battery_received.connect(self._battery)
        bridge.page_received.connect(self._page)
        bridge.mission_update.connect(self._mission_update)
        bridge.control_reply.connect(self._control_reply)
        bridge.ack_reply.connect(self._ack_reply)
        bridge.ros_error.connect(self._ros_error)

    def _connection(self, ok: bool) -> None:
        self.model.connected = ok
        self.refresh()

    def _status(self, msg) -> None:
        self.model.on_status(msg)
        self._dirty = True
        self._render_state()

    def _battery(self, msg) -> None:
        self.model.on_battery(msg)
        self._render_state()

    def _stream(self, fn, msg) -> None:
        fn(msg)
        self._dirty = True

    def _redraw_if_dirty(self) -> None:
        if self._dirty:
            self._dirty = False
            self.map.update()
            self._render_state()

    def _page(self, text: str) -> None:
        try:
            note = texts.page_note(self.model.inbox.add(text), self.ctx.t)
        except ValueError as exc:
            note = self.ctx.t("operator.log_bad_page", error=str(exc))
        self.model.note(note)
        self._render_pages()
        self._render_log()

    def _mission_update(self, update) -> None:
        note = texts.mission_note(update, self.ctx.t)
        if note is not None:
            self.model.note(note)
            self._render_log()

    def _control_reply(self, command: str, ok: bool, message: str) -> None:
        self.model.note(texts.reply_note("log_control", command, ok, message, self.ctx.t))
        self._render_log()

    def _ack_reply(self, page_id: str, ok: bool, message: str) -> None:
        self.model.inbox.answered(page_id, ok)
        self.model.note(texts.reply_note("log_ack", page_id, ok, message, self.ctx.t))
        self._render_pages()
        self._render_log()

    def _ros_error(self, error: str) -> None:
        self.ros_problem = error
        self.refresh()

    # ---- clicks ------------------------------------------------------------------------------
    def _sent(self, kind: str, target: str) -> None:
        self.model.note(self.ctx.t("operator.log_sent", kind=kind, target=target))
        self._render_log()

    def _launch(self, kind: str, target: str | None, send) -> None:
        """Send a mission for target (nothing when none is chosen) and log it."""
        if target:
            send(target)
            self._sent(kind, target)

    def _go(self) -> None:
        self._launch("go_to_place", self.place_box.currentData(), self.bridge.send_go_to_place)

    def _escort(self) -> None:
        lang = self.ctx.lang
        self._launch(
            "escort", self.place_box.currentData(), lambda p: self.bridge.send_escort(p, lang)
        )

    def _dock(self) -> None:
        # the site's dock role; the button is enabled only when the site has one
        self._launch("go_to_place", self.model.dock_place, self.bridge.send_go_to_place)

    def _tour(self) -> None:
        lang = self.ctx.lang
        self._launch(
            "tour", self.course_box.currentData(), lambda c: self.bridge.send_tour(c, lang)
        )

    def _control(self, command: str) -> None:
        self.bridge.mission_control(command)
        self._sent("mission_control", command)

    def _answer(self, accept: bool) -> None:
        row = self.pages.currentItem()
        if row is None:
            return
        page = self.model.inbox.answering(row.data(Qt.ItemDataRole.UserRole), accept)
        self.bridge.ack_page(page.page_id, page.staff_id, accept)
        self._render_pages()

    # ---- drawing -----------------------------------------------------------------------------
    def start_timers(self) -> None:
        self._repaint.start()

    def stop_timers(self) -> None:
        self._repaint.stop()

    def refresh(self) -> None:
        t = self.ctx.t
        ok = self.model.connected
        size = theme.font_px(self.ctx.accessibility, 1.1)
        pal = theme.palette_for(self.ctx.accessibility)
        # the e-stop in the theme's error colours; set here, on the console, because the theme's
        # panel rule would paint a role="primary" button white on white inside a panel
        sheet = (
            f"QLabel#section_title {{ font-size: {size}px; font-weight: bold; }}"
            f"QPushButton#op_estop {{ background: {pal.error}; color: {pal.error_text}; "
            f"border: 4px solid {pal.error_text}; font-weight: bold; }}"
            f"QPushButton#op_estop:disabled {{ color: {pal.muted_text}; "
            f"border-color: {pal.muted_text}; }}"
        )
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)
        text = t("operator.connected" if ok else "operator.not_connected")
        if self.ros_problem:
            text += "  " + t("operator.ros_error", error=self.ros_problem)
        self.connection.setText(text)
        self.connection.setProperty("role", "success" if ok else "error")
        self.connection.style().unpolish(self.connection)
        self.connection.style().polish(self.connection)
        self.map_title.setText(t("operator.section_map"))
        self.map.message = t("operator.map_missing", error=self.map.problem)
        self.state_title.setText(t("operator.section_state"))
        self.missions_title.setText(t("operator.section_missions"))
        self.control_title.setText(t("operator.section_control"))
        self.pages_title.setText(t("operator.section_pages"))
        self.log_title.setText(t("operator.section_log"))
        self.place_label.setText(t("operator.place_label"))
        self.course_label.setText(t("operator.course_label"))
        lang = self.ctx.lang
        for i, item in enumerate(self.content.places):
            self.place_box.setItemText(i, f"{item.label(lang)} ({item.id})")
        for i, item in enumerate(self.content.courses):
            self.course_box.setItemText(i, item.label(lang))
        labels = {
            "go_to_place": "btn_go",
            "escort": "btn_escort",
            "dock": "btn_dock",
            "tour": "btn_tour",
        }
        for key, b in self.buttons.items():
            b.setText(t(f"operator.{labels.get(key, 'btn_' + key)}"))
        self._render_state()
        self._render_pages()
        self._render_log()
        self.map.update()

    def _render_state(self) -> None:
        r, lines = self.model.robot, self.state_lines
        for key, text in texts.state_lines(r, self.ctx.t, self.ctx.strings.has).items():
            lines[key].setText(text)
        lines["errors"].setProperty("role", "error" if r.errors else "")
        for key, enabled in self.model.commands().items():
            if key in self.buttons:
                self.buttons[key].setEnabled(enabled)
        has_pages = self.model.connected and self.pages.currentItem() is not None
        self.buttons["accept"].setEnabled(has_pages)
        self.buttons["decline"].setEnabled(has_pages)

    def _render_pages(self) -> None:
        current = self.pages.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.pages.clear()
        for page in self.model.inbox.pending():
            row = QListWidgetItem(texts.page_line(page, self.ctx.t))
            row.setData(Qt.ItemDataRole.UserRole, page.page_id)
            self.pages.addItem(row)
            if page.page_id == keep:
                self.pages.setCurrentItem(row)
        if not self.model.inbox.pages:
            self.pages.addItem(QListWidgetItem(self.ctx.t("operator.no_pages")))
            self.pages.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._render_state()

    def _render_log(self) -> None:
        self.log.clear()
        for when, text in list(self.model.log)[:50]:
            self.log.addItem(f"{when}  {text}")
