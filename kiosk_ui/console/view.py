"""The operator console's widget: shows ConsoleModel (fleet, state, map, queue, alerts, pager
inbox, the day's figures, log) and forwards clicks to the robots (kiosk_ui.rosbridge.RobotBridge);
the UI never waits on ROS. With robots at several sites the map, the places and courses and the
robot choices are those of the selected robot's site."""

from __future__ import annotations

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui import theme
from kiosk_ui.console import texts
from kiosk_ui.console.fleet import ANY_ROBOT
from kiosk_ui.console.map_view import MapView
from kiosk_ui.console.model import ConsoleModel
from kiosk_ui.console.panels import FiguresPanel, FleetList, IdList, MissionForm, section
from kiosk_ui.modes.base import KioskContext
from kiosk_ui.rosbridge import RobotBridge
from kiosk_ui.site_content import SiteContent


class ConsoleView(QWidget):
    def __init__(
        self,
        model: ConsoleModel,
        content: SiteContent,
        ctx: KioskContext,
        parent: QWidget | None = None,
        figures=None,
    ):
        super().__init__(parent)
        self.setObjectName("page")
        self.model, self.content, self.ctx = model, content, ctx
        self.contents = {content.site: content}  # each site's, loaded when first shown
        self.shown_site = content.site  # the map, places and courses on screen are this site's
        self.figures = figures or (lambda: None)  # () -> DayFigures | None (the mission log)
        self._figures = None
        self.bridge: RobotBridge | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.ros_problem = ""
        self._noted_alerts: set[int] = set()
        outer = QVBoxLayout(self)
        self.connection = QLabel(objectName="console_connection", wordWrap=True)
        outer.addWidget(self.connection)
        body = QHBoxLayout()
        outer.addLayout(body, 1)

        # left: the map (every robot) or the day's figures, and the log
        self.map = MapView(self.model, site=content.site)
        self.map_title = QLabel()
        left = QVBoxLayout()
        body.addLayout(left, 3)
        self.tabs = QTabWidget(objectName="console_tabs")
        self.tabs.addTab(section(self.map_title, self.map), "")
        self.stats = FiguresPanel(self._button("stats_refresh", self.refresh_figures))
        self.tabs.addTab(self.stats, "")
        left.addWidget(self.tabs, 1)
        self.log_title = QLabel()
        self.log = QListWidget(objectName="log")
        self.log.setMaximumHeight(90)
        bottom = QHBoxLayout()
        left.addLayout(bottom)

        # right: the fleet, the selected robot's controls (always in sight), then the rest
        right = QVBoxLayout()
        body.addLayout(right, 2)
        self.fleet_title = QLabel()
        self.fleet = FleetList()
        self.fleet.currentItemChanged.connect(self._fleet_clicked)
        # under the map: the fleet (choose the robot the controls command) beside the log
        bottom.addWidget(section(self.fleet_title, self.fleet), 1)
        bottom.addWidget(section(self.log_title, self.log), 1)

        self.control_title = QLabel()
        controls = QGridLayout()
        for i, cmd in enumerate(("pause", "resume", "cancel", "release_estop")):
            controls.addWidget(self._button(cmd, lambda c=cmd: self._control(c)), i // 2, i % 2)
        estop = self._button("estop", lambda: self._control("estop"))
        controls.addWidget(estop, 2, 0, 1, 2)
        # pause/stop and e-stop stay in sight above the scrolling panels: they must always win
        right.addWidget(section(self.control_title, controls))

        side_widget = QWidget(objectName="page")
        side = QVBoxLayout(side_widget)
        side.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(side_widget)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumHeight(60)  # large text: the controls above take most of the height
        right.addWidget(scroll, 1)

        self.alerts_title = QLabel()
        self.alerts = IdList("alerts", min_height=70, max_height=130, wrap=True)
        self.alerts.currentItemChanged.connect(lambda *_: self._render_buttons())
        side.addWidget(
            section(self.alerts_title, self.alerts, self._button("ack_alert", self._ack_alert))
        )

        self.state_title = QLabel()
        self.state_lines = {
            k: QLabel(objectName=f"robot_{k}", wordWrap=True)
            for k in ("state", "battery", "task", "detail", "errors", "pose")
        }
        state_grid = QGridLayout()
        for i, lab in enumerate(self.state_lines.values()):
            state_grid.addWidget(lab, i // 2, i % 2)
        side.addWidget(section(self.state_title, state_grid))

        self.missions_title = QLabel()
        slots = {"go_to_place": self._go, "escort": self._escort, "dock": self._dock,
                 "tour": self._tour}  # fmt: skip
        self.form = MissionForm(content, lambda key: self._button(key, slots[key]))
        side.addWidget(section(self.missions_title, self.form))

        self.queue_title = QLabel()
        self.queue = IdList("queue", min_height=50)
        self.queue.currentItemChanged.connect(lambda *_: self._render_buttons())
        side.addWidget(
            section(self.queue_title, self.queue, self._button("unqueue", self._unqueue))
        )

        self.pages_title = QLabel()
        self.pages = IdList("pages", min_height=70, wrap=True)
        self.pages.currentItemChanged.connect(lambda *_: self._render_buttons())
        pr = QHBoxLayout()
        pr.addWidget(self._button("accept", lambda: self._answer(True)))
        pr.addWidget(self._button("decline", lambda: self._answer(False)))
        side.addWidget(section(self.pages_title, self.pages, pr))

        # the places file names the map (the one source of the map path)
        self.map.load(content.map_path, why_none="; ".join(content.problems))
        self._repaint = QTimer(self, interval=200)  # streams arrive at 10 Hz; draw at most 5 Hz
        self._repaint.timeout.connect(self._redraw_if_dirty)
        self._watch = QTimer(self, interval=1000)  # offline robots, unanswered pages, the queue
        self._watch.timeout.connect(self.tick)
        self._dirty = False

    def _button(self, key: str, slot) -> QPushButton:
        b = QPushButton(objectName=f"op_{key}")
        b.clicked.connect(lambda _=False: slot())
        self.buttons[key] = b
        return b

    def words(self) -> texts.Words:
        return texts.Words(self.ctx.t, self.ctx.strings.has, self.ctx.lang, self._label)

    def _label(self, item_id: str, site: str | None = None) -> str | None:
        if item_id == self.model.dock_place or item_id in self.model.docks.values():
            return self.ctx.t("operator.target_dock")
        # the given site's content first (a "cafe" is at both), then the shown one, then any
        sites = dict.fromkeys([site or self.shown_site, self.shown_site, *self.contents])
        for s in sites:
            for kind in ("places", "courses", "services"):
                item = self.site_content(s).find(kind, item_id)
                if item is not None:
                    return item.label(self.ctx.lang)
        return None

    def site_content(self, site: str) -> SiteContent:
        if site not in self.contents:
            self.contents[site] = SiteContent.load(site)
        return self.contents[site]

    def _follow_selected_site(self) -> None:
        """Show the selected robot's site: its map, its places and courses, its robots."""
        site = self.model.site_of()
        if site == self.shown_site:
            return
        self.shown_site = site
        content = self.site_content(site)
        self.map.site = site
        self.map.load(content.map_path, why_none="; ".join(content.problems))
        self.form.set_content(content)
        self.refresh()

    # ---- ROS ---------------------------------------------------------------------------------
    def connect_bridge(self, bridge: RobotBridge) -> None:
        self.bridge = bridge
        bridge.connection_changed.connect(self._connection)
        bridge.robot_status.connect(self._status)
        bridge.robot_odom.connect(lambda n, m: self._stream(self.model.on_odom, m, n))
        bridge.robot_battery.connect(self._battery)
        bridge.people_received.connect(lambda m: self._stream(self.model.on_people, m))
        bridge.robot_plan.connect(lambda n, m: self._stream(self.model.on_plan, m, n))
        bridge.page_received.connect(self._page)
        bridge.mission_update.connect(self._mission_update)
        bridge.robot_control_reply.connect(self._control_reply)
        bridge.ack_reply.connect(self._ack_reply)
        bridge.ros_error.connect(self._ros_error)

    def _connection(self, ok: bool) -> None:
        self.model.connected = ok
        self.refresh()

    def _status(self, robot: str, msg) -> None:
        known = robot in self.model.fleet.robots
        site = self.model.site_of(robot)
        self.model.on_status(msg, robot)
        self._dirty = True
        if not known or site != self.model.site_of(robot):  # new, or it told its site
            self._render_robots()
            self._follow_selected_site()
        self._dispatch()
        self._render_state()

    def _battery(self, robot: str, msg) -> None:
        self.model.on_battery(msg, robot)
        self._dirty = True

    def _stream(self, fn, msg, *args) -> None:
        fn(msg, *args)
        self._dirty = True

    def _redraw_if_dirty(self) -> None:
        if self._dirty:
            self._dirty = False
            self.map.update()
            self._render_state()
            self._render_fleet()

    def tick(self) -> None:
        """Once a second: offline robots, unanswered pages, queued orders whose robot is free."""
        self.model.check_offline()
        self._dispatch()
        self._render_fleet()
        self._render_alerts()
        self._render_state()

    def _page(self, text: str) -> None:
        try:
            note = texts.page_note(self.model.inbox.add(text), self.words())
        except ValueError as exc:
            note = self.ctx.t("operator.log_bad_page", error=str(exc))
        self.model.note(note)
        self._render_pages()
        self._render_log()

    def _mission_update(self, update) -> None:
        note = texts.mission_note(update, self.words())
        if note is not None:
            self.model.note(note)
            self._render_log()

    def _control_reply(self, robot: str, command: str, ok: bool, message: str) -> None:
        self.model.note(texts.control_note(robot, command, ok, message, self.words()))
        self._render_log()

    def _ack_reply(self, page_id: str, ok: bool, message: str) -> None:
        self.model.inbox.answered(page_id, ok)
        self.model.note(texts.ack_note(page_id, ok, message, self.words()))
        self._render_pages()
        self._render_log()

    def _ros_error(self, error: str) -> None:
        self.ros_problem = error
        self.refresh()

    # ---- clicks ------------------------------------------------------------------------------
    def _fleet_clicked(self, item, _previous=None) -> None:
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        if name is not None and name != self.model.selected:
            self.model.select(name)
            self._dirty = True
            self._follow_selected_site()
            self._render_robots()
            self._render_state()

    def _chosen_robot(self) -> str:
        data = self.form.robot_box.currentData()
        return ANY_ROBOT if data is None else data

    def _order(self, kind: str, target: str | None, robot: str | None = None) -> None:
        """Queue a mission for the chosen robot (or any free one) and send what can go now."""
        if not target:
            return
        robot = self._chosen_robot() if robot is None else robot
        site = self.shown_site if robot == ANY_ROBOT else self.model.site_of(robot)
        try:
            order = self.model.order(kind, target, robot, self.ctx.lang, site=site)
        except ValueError:  # a robot of another site (the choices list only this site's)
            self.model.note(
                self.ctx.t(
                    "operator.log_other_site",
                    robot=self.words().robot(robot),
                    site=self.site_name(self.model.site_of(robot)),
                )
            )
            self._render_log()
            return
        self.model.note(
            self.ctx.t("operator.log_queued", order=texts.order_line(order, self.words()))
        )
        self._dispatch()
        self._render_queue()
        self._render_log()

    def _dispatch(self) -> None:
        # "any free robot" of the order's site: the free robot nearest the place (a course:
        # the fullest battery)
        sent = self.model.dispatch(
            lambda o: self.site_content(o.site or self.model.site).position(o.target)
        )
        if not sent or self.bridge is None:
            return
        for order in sent:
            fields = {"place_id": order.target}
            if order.kind == "escort":
                fields.update(lang=order.lang, return_home=True)
            elif order.kind == "tour":
                fields = {"course_id": order.target, "lang": order.lang}
            else:
                fields["announce"] = True
            self.bridge.send_mission(order.kind, robot=order.assigned_to, **fields)
            self.model.note(texts.sent_note(order, self.words()))
        self._render_queue()
        self._render_log()

    def _go(self) -> None:
        self._order("go_to_place", self.form.place_box.currentData())

    def _escort(self) -> None:
        self._order("escort", self.form.place_box.currentData())

    def _dock(self) -> None:
        # the selected robot to its own dock (a fleet robot's, else the site's dock role); the
        # button is enabled only when there is one
        robot = self.model.selected
        self._order("go_to_place", self.model.dock_for(robot), robot)  # its own site's

    def _tour(self) -> None:
        self._order("tour", self.form.course_box.currentData())

    def _unqueue(self) -> None:
        chosen = self.queue.chosen()
        if chosen is None:
            return
        order = self.model.queue.cancel(chosen)
        if order is not None:
            line = texts.order_line(order, self.words())
            self.model.note(self.ctx.t("operator.log_unqueued", order=line))
        self._render_queue()
        self._render_log()

    def _control(self, command: str) -> None:
        robot = self.model.selected
        self.bridge.mission_control(command, robot=robot)
        self.model.note(
            self.ctx.t(
                "operator.log_sent",
                robot=self.words().robot(robot),
                kind=self.words().pick("command", command),
                target="",
            )
        )
        self._render_log()

    def _answer(self, accept: bool) -> None:
        chosen = self.pages.chosen()
        if chosen is None:
            return
        page = self.model.inbox.answering(chosen, accept)
        self.bridge.ack_page(page.page_id, page.staff_id, accept)
        self._render_pages()

    def _ack_alert(self) -> None:
        chosen = self.alerts.chosen()
        if chosen is None:
            return
        alert = self.model.alerts.acknowledge(chosen)
        if alert is not None:
            line = texts.alert_line(alert, self.words())
            self.model.note(self.ctx.t("operator.log_alert_acked", alert=line))
        self._render_alerts()
        self._render_log()

    # ---- drawing -----------------------------------------------------------------------------
    def start_timers(self) -> None:
        self._repaint.start()
        self._watch.start()
        self.refresh_figures()

    def stop_timers(self) -> None:
        self._repaint.stop()
        self._watch.stop()

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
        multi = len(self.model.sites()) > 1
        self.map_title.setText(
            t("operator.map_of_site", site=self.site_name(self.shown_site))
            if multi
            else t("operator.section_map")
        )
        self.tabs.setTabText(0, t("operator.section_map"))
        self.tabs.setTabText(1, t("operator.section_stats"))
        self.map.message = t("operator.map_missing", error=self.map.problem)
        for title, key in (
            (self.fleet_title, "section_fleet"),
            (self.state_title, "section_state"),
            (self.missions_title, "section_missions"),
            (self.queue_title, "section_queue"),
            (self.alerts_title, "section_alerts"),
            (self.control_title, "section_control"),
            (self.pages_title, "section_pages"),
            (self.log_title, "section_log"),
        ):
            title.setText(t(f"operator.{key}"))
        self.form.retranslate(t, self.ctx.lang)
        labels = {
            "go_to_place": "btn_go",
            "escort": "btn_escort",
            "dock": "btn_dock",
            "tour": "btn_tour",
        }
        for key, b in self.buttons.items():
            b.setText(t(f"operator.{labels.get(key, 'btn_' + key)}"))
        self._render_robots()
        self._render_state()
        self._render_queue()
        self._render_alerts()
        self._render_pages()
        self._render_log()
        self._render_figures()
        self.map.update()

    def site_name(self, site: str) -> str:
        return self.words().pick("site", site)

    def _render_robots(self) -> None:
        """The robot choices (any free robot of the shown site first) and the fleet list."""
        w, m = self.words(), self.model
        here = [n for n in m.fleet.names() if m.site_of(n) == self.shown_site]
        self.form.set_robots([(w.robot(n), n) for n in (ANY_ROBOT, *here)])
        self._render_fleet()

    def _render_fleet(self) -> None:
        w, fleet = self.words(), self.model.fleet
        multi = len(self.model.sites()) > 1
        rows = []
        for n in fleet.names():
            up = fleet.online(n)
            row = texts.robot_row(n, fleet.robots[n].view, up, w)
            if multi:  # robots of several sites: say where each works
                row = self.ctx.t(
                    "operator.robot_row_site", row=row, site=self.site_name(self.model.site_of(n))
                )
            rows.append((row, n, up))
        self.fleet.show_robots(rows, self.model.selected)

    def _render_state(self) -> None:
        r, lines = self.model.robot, self.state_lines
        online = self.model.fleet.online(self.model.selected)
        for key, text in texts.state_lines(r, self.words(), online).items():
            lines[key].setText(text)
        lines["errors"].setProperty("role", "error" if r.errors else "")
        self._render_buttons()

    def _render_buttons(self) -> None:
        commands = self.model.commands()
        for key, enabled in commands.items():
            if key in self.buttons:
                if key in ("go_to_place", "escort", "tour"):
                    # an order for a busy or offline robot waits in the queue
                    enabled = self.model.connected
                self.buttons[key].setEnabled(enabled)

        has_pages = self.model.connected and self.pages.chosen() is not None
        self.buttons["accept"].setEnabled(has_pages)
        self.buttons["decline"].setEnabled(has_pages)
        self.buttons["ack_alert"].setEnabled(self.alerts.chosen() is not None)
        self.buttons["unqueue"].setEnabled(self.queue.chosen() is not None)

    def _render_queue(self) -> None:
        self._fill(
            self.queue,
            [(texts.order_line(o, self.words()), o.order_id) for o in self.model.queue.pending],
            "operator.no_orders",
        )

    def _render_alerts(self) -> None:
        w = self.words()
        for alert in self.model.alerts.alerts:
            if alert.alert_id not in self._noted_alerts:
                self._noted_alerts.add(alert.alert_id)
                self.model.note(self.ctx.t("operator.log_alert", alert=texts.alert_line(alert, w)))
                self._render_log()
        rows = [(texts.alert_line(a, w), a.alert_id) for a in self.model.alerts.shown()]
        self._fill(self.alerts, rows, "operator.no_alerts")

    def _render_pages(self) -> None:
        w = self.words()
        rows = [(texts.page_line(p, w), p.page_id) for p in self.model.inbox.pending()]
        self._fill(self.pages, rows, "operator.no_pages")

    def _fill(self, widget: IdList, rows: list[tuple[str, object]], empty_key: str) -> None:
        widget.fill(rows, self.ctx.t(empty_key))
        self._render_buttons()

    def _render_log(self) -> None:
        self.log.clear()
        for when, text in list(self.model.log)[:50]:
            self.log.addItem(f"{when}  {text}")

    def refresh_figures(self) -> None:
        self._figures = self.figures()
        self._render_figures()

    def _render_figures(self) -> None:
        self.stats.render(self._figures, self.ctx.t, self.words())
