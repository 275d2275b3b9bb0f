"""Widgets of the operator console: they draw ConsoleModel and forward clicks to the bridge."""

from __future__ import annotations

import math

from PyQt6.QtCore import QPointF, QRectF, Qt, QTimer
from PyQt6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPolygonF
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
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui import theme
from kiosk_ui.modes.operator import DOCK_PLACE, MapGeometry, map_yaml_path
from kiosk_ui.modes.robot import SiteContent

# Map marks: fixed colours that read on the grey/white/black occupancy image in both themes.
ROBOT_COLOUR = QColor("#0B57D0")
PERSON_COLOUR = QColor("#E8590C")
PLAN_COLOUR = QColor("#1E8E3E")


class MapView(QWidget):
    """The site map with the robot (arrow), people (dots) and the planned path (line)."""

    def __init__(self, model, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("map_view")
        self.model = model
        self.geometry_: MapGeometry | None = None
        self.image: QImage | None = None
        self.problem = ""
        self.message = ""  # what a person reads when there is no map
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def load(self, yaml_path) -> None:
        """Read the map once; a missing or bad map leaves a message instead of a picture."""
        try:
            geo = MapGeometry.load(yaml_path)
            image = QImage(str(geo.image_path))
            if image.isNull():
                raise ValueError(f"map image {geo.image_path.name} cannot be read")
        except ValueError as exc:
            self.geometry_, self.image, self.problem = None, None, str(exc)
            return
        geo.height_px = image.height()
        self.geometry_, self.image, self.problem = geo, image, ""

    def _transform(self) -> tuple[float, float, float]:
        img = self.image
        scale = min(self.width() / img.width(), self.height() / img.height())
        ox = (self.width() - img.width() * scale) / 2
        oy = (self.height() - img.height() * scale) / 2
        return scale, ox, oy

    def to_widget(self, x: float, y: float) -> QPointF:
        scale, ox, oy = self._transform()
        px, py = self.geometry_.to_pixel(x, y)
        return QPointF(ox + px * scale, oy + py * scale)

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.image is None:
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.rect(), flags, self.message)
            return
        scale, ox, oy = self._transform()
        painter.drawImage(
            QRectF(ox, oy, self.image.width() * scale, self.image.height() * scale), self.image
        )
        m = self.model
        if len(m.plan) > 1:
            painter.setPen(QPen(PLAN_COLOUR, 3))
            pts = [self.to_widget(x, y) for x, y in m.plan]
            painter.drawPolyline(QPolygonF(pts))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(PERSON_COLOUR))
        r_person = max(3.0, 0.25 / self.geometry_.resolution * scale)
        for x, y in m.people:
            painter.drawEllipse(self.to_widget(x, y), r_person, r_person)
        if m.robot.pose is not None:
            x, y, yaw = m.robot.pose
            c = self.to_widget(x, y)
            r = max(6.0, 0.35 / self.geometry_.resolution * scale)
            tip = QPointF(c.x() + 1.8 * r * math.cos(yaw), c.y() - 1.8 * r * math.sin(yaw))
            left = QPointF(c.x() + r * math.cos(yaw + 2.4), c.y() - r * math.sin(yaw + 2.4))
            right = QPointF(c.x() + r * math.cos(yaw - 2.4), c.y() - r * math.sin(yaw - 2.4))
            painter.setBrush(QBrush(ROBOT_COLOUR))
            painter.drawPolygon(QPolygonF([tip, left, c, right]))
            painter.drawEllipse(c, r * 0.6, r * 0.6)


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
    def __init__(self, mode, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.mode, self.model, self.ctx = mode, mode.model, mode.ctx
        self.bridge = None
        self.ros_problem = ""
        self.content = SiteContent.load(self.model.site)
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

        site_map = map_yaml_path(self.model.site)
        try:  # the places file names the map; fall back to sim/maps/<site>.yaml
            from concierge_content.paths import repo_root
            from concierge_content.places import load_places

            site_map = repo_root() / load_places(self.model.site).map
        except Exception:
            pass
        self.map.load(site_map)
        self._repaint = QTimer(self, interval=200)  # streams arrive at 10 Hz; draw at most 5 Hz
        self._repaint.timeout.connect(self._redraw_if_dirty)
        self._dirty = False

    def _button(self, key: str, slot) -> QPushButton:
        b = QPushButton(objectName=f"op_{key}")
        b.clicked.connect(lambda _=False: slot())
        self.buttons[key] = b
        return b

    # ---- ROS ---------------------------------------------------------------------------------
    def connect_bridge(self, bridge) -> None:
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
        t = self.ctx.t
        try:
            page = self.model.inbox.add(text)
        except ValueError as exc:
            self.model.note(t("operator.log_bad_page", error=str(exc)))
        else:
            if page.acked_by:
                text = t("operator.log_page_answered", page_id=page.page_id, staff=page.acked_by)
            else:
                text = t("operator.log_page", page_id=page.page_id, reason=page.reason)
            self.model.note(text)
        self._render_pages()
        self._render_log()

    def _mission_update(self, u) -> None:
        if u.stage == "feedback":
            return  # RobotStatus carries progress; the log keeps the milestones
        err = f"({u.error_code} {u.error_msg})" if u.error_code or u.error_msg else ""
        self.model.note(
            self.ctx.t(
                "operator.log_mission", kind=u.kind, stage=u.stage, phase=u.phase, error=err
            )
        )
        self._render_log()

    def _control_reply(self, command: str, ok: bool, message: str) -> None:
        t = self.ctx.t
        result = t("operator.ok" if ok else "operator.failed")
        self.model.note(t("operator.log_control", command=command, result=result, message=message))
        self._render_log()

    def _ack_reply(self, page_id: str, ok: bool, message: str) -> None:
        t = self.ctx.t
        self.model.inbox.answered(page_id, ok)
        result = t("operator.ok" if ok else "operator.failed")
        self.model.note(t("operator.log_ack", page_id=page_id, result=result, message=message))
        self._render_pages()
        self._render_log()

    def _ros_error(self, error: str) -> None:
        self.ros_problem = error
        self.refresh()

    # ---- clicks ------------------------------------------------------------------------------
    def _sent(self, kind: str, target: str) -> None:
        self.model.note(self.ctx.t("operator.log_sent", kind=kind, target=target))
        self._render_log()

    def _go(self) -> None:
        place = self.place_box.currentData()
        if place:
            self.bridge.send_go_to_place(place)
            self._sent("go_to_place", place)

    def _escort(self) -> None:
        place = self.place_box.currentData()
        if place:
            self.bridge.send_escort(place, self.ctx.lang)
            self._sent("escort", place)

    def _dock(self) -> None:
        self.bridge.send_go_to_place(DOCK_PLACE)
        self._sent("go_to_place", DOCK_PLACE)

    def _tour(self) -> None:
        course = self.course_box.currentData()
        if course:
            self.bridge.send_tour(course, self.ctx.lang)
            self._sent("tour", course)

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
        t, r = self.ctx.t, self.model.robot
        ok = self.model.connected
        lines = self.state_lines
        key = f"operator.state_{r.state_text}"
        state = t(key) if self.ctx.strings.has(key) else (r.state_text or "-")
        lines["state"].setText(t("operator.state_line", state=state))
        if r.battery_percent is None:
            lines["battery"].setText(t("operator.battery_unknown"))
        else:
            text = t("operator.battery_line", percent=round(r.battery_percent))
            lines["battery"].setText(text + (f" · {t('operator.docked')}" if r.docked else ""))
        if r.task_id:
            lines["task"].setText(
                t(
                    "operator.task_line",
                    type=r.task_type,
                    state=r.task_state,
                    progress=round(r.task_progress * 100),
                )
            )
        else:
            lines["task"].setText(t("operator.task_none"))
        lines["detail"].setText(t("operator.detail_line", detail=r.task_detail or "-"))
        lines["errors"].setText(
            t("operator.errors_line", errors="; ".join(r.errors))
            if r.errors
            else t("operator.no_errors")
        )
        lines["errors"].setProperty("role", "error" if r.errors else "")
        if r.pose is not None:
            lines["pose"].setText(t("operator.pose_line", x=r.pose[0], y=r.pose[1]))
        for key, enabled in self.model.commands().items():
            if key in self.buttons:
                self.buttons[key].setEnabled(enabled)
        has_pages = ok and self.pages.currentItem() is not None
        self.buttons["accept"].setEnabled(has_pages)
        self.buttons["decline"].setEnabled(has_pages)

    def _render_pages(self) -> None:
        t = self.ctx.t
        current = self.pages.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.pages.clear()
        for page in self.model.inbox.pending():
            text = t(
                "operator.page_line",
                time=page.created_text(),
                office=page.office_id,
                staff=page.staff_id or t("operator.page_duty_officer"),
                level=page.level,
                reason=page.reason,
            )
            if page.pending_answer is not None:
                text += " " + t("operator.page_answering")
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, page.page_id)
            self.pages.addItem(row)
            if page.page_id == keep:
                self.pages.setCurrentItem(row)
        if not self.model.inbox.pages:
            self.pages.addItem(QListWidgetItem(t("operator.no_pages")))
            self.pages.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._render_state()

    def _render_log(self) -> None:
        self.log.clear()
        for when, text in list(self.model.log)[:50]:
            self.log.addItem(f"{when}  {text}")
