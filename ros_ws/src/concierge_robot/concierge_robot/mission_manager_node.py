"""mission_manager: serves the robot's missions (go_to_place, escort, tour, call_staff) as
actions, runs them as py_trees trees, reacts to dialog intents, docks on low battery and publishes
/robot/status. It is a Nav2 client: it only talks ROS interfaces.

Two executors: sensing, the tree tick and the lockstep run on rclpy's C++ events executor (a
fraction of the Python executors' cost per message); action goals block until their mission
ends, so the action servers, services and the Nav2/speech clients live on a companion node
(`<name>_actions`, same namespace) served by a small thread pool."""

from __future__ import annotations

import contextlib
import datetime
import threading
import time
import uuid

import py_trees
import rclpy
from builtin_interfaces.msg import Duration
from concierge_interfaces.action import CallStaff, Escort, GoToPlace, Speak, Tour
from concierge_interfaces.msg import Intent, PersonArray, RobotStatus
from concierge_interfaces.srv import MissionControl, PageAck
from concierge_lockstep.participant import Participant, stamp_ns
from geometry_msgs.msg import PoseStamped
from nav2_msgs.action import DockRobot, NavigateToPose, UndockRobot
from nav_msgs.msg import Odometry
from py_trees.common import Status
from rclpy.action import ActionServer, CancelResponse, GoalResponse
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.executors import ExternalShutdownException, MultiThreadedExecutor
from rclpy.experimental import EventsExecutor
from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, QoSProfile
from rosgraph_msgs.msg import Clock
from sensor_msgs.msg import BatteryState
from std_msgs.msg import String

from concierge_robot import missions
from concierge_robot.action_port import ActionPort
from concierge_robot.behaviours import RobotContext
from concierge_robot.escort_rules import Seen
from concierge_robot.site_data import SiteData, quat_to_yaw, yaw_to_quat
from concierge_robot.staff_pager import StaffPager

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Mission:
    def __init__(self, kind: str, tree: py_trees.behaviour.Behaviour, detail: str):
        self.id = f"{kind}-{uuid.uuid4().hex[:8]}"
        self.kind = kind
        self.tree = tree
        self.detail = detail
        self.status = Status.INVALID
        self.done = threading.Event()
        self.canceled = False
        self.preempted = False
        self.started_s = 0.0
        self.travelled_m = 0.0


class MissionManager(Node):
    def __init__(self):
        super().__init__("mission_manager", start_parameter_services=False)
        p = self.declare_parameter
        p("site", "city_hall", _d("site whose content/ places, staff and courses to use"))
        p("robot_name", "concierge_1", _d("name in /robot/status"))
        p("home_place", "information_desk", _d("where the robot waits for visitors"))
        p("dock_id", "charging_dock", _d("dock id passed to dock_robot"))
        p("low_battery_pct", 20.0, _d("below this the robot finishes its visitor, then docks"))
        p("auto_dock", True, _d("dock by itself on low battery"))
        p("follower_check_every_m", 1.0, _d("escort: glance back every this many metres"))
        p(
            "follower_lost_timeout_s",
            10.0,
            _d("escort: give up after the visitor is gone this long"),
        )
        p("staff_escalate_after_s", 60.0, _d("page the next official after this long unanswered"))
        p("staff_max_wait_s", 300.0, _d("give up paging after this long"))
        p("staff_expected_wait_min", 3, _d("what the visitor is told to expect"))
        p("tick_hz", 10.0, _d("behaviour tree tick rate (sim time)"))
        p("react_to_intents", True, _d("start escort/call_staff/tour from /dialog/intent"))
        p("lockstep", False, _d("tick with the simulator's steps and acknowledge each one"))
        gp = self.get_parameter
        self.site = gp("site").value
        self.robot_name = gp("robot_name").value
        self.low_battery_pct = float(gp("low_battery_pct").value)
        self.auto_dock = bool(gp("auto_dock").value)
        self.check_every_m = float(gp("follower_check_every_m").value)
        self.lost_timeout_s = float(gp("follower_lost_timeout_s").value)
        self.staff_max_wait_s = float(gp("staff_max_wait_s").value)
        self.expected_wait_min = int(gp("staff_expected_wait_min").value)
        self.react_to_intents = bool(gp("react_to_intents").value)
        tick_hz = float(gp("tick_hz").value)
        if tick_hz <= 0:
            raise ValueError("tick_hz must be > 0")

        self.data = SiteData(self.site)
        for key in ("home_place", "dock_id"):
            self.data.place(gp(key).value)  # unknown ids fail at start, with the id in the message
        self.home = self.data.place(gp("home_place").value)
        self.dock_id = gp("dock_id").value
        self.pager = StaffPager(float(gp("staff_escalate_after_s").value))

        # Goals block until their mission ends: servers, services and clients live on a
        # companion node in the same namespace, which main() serves with a thread pool.
        self.actions = Node(
            f"{self.get_name()}_actions",
            namespace=self.get_namespace(),
            use_global_arguments=False,
            start_parameter_services=False,
        )
        cb = ReentrantCallbackGroup()
        self.ctx = RobotContext(
            nav=ActionPort(self.actions, NavigateToPose, "navigate_to_pose", cb),
            dock=ActionPort(self.actions, DockRobot, "dock_robot", cb),
            undock=ActionPort(self.actions, UndockRobot, "undock_robot", cb),
            # speech is optional (a robot without a speaker still works): do not wait long
            speak=ActionPort(
                self.actions, Speak, "speak", cb, server_wait_s=2.0, now_s=self._now_s
            ),
            make_nav_goal=self._nav_goal,
            make_speak_goal=lambda text, lang: Speak.Goal(text=text, lang=lang),
            make_dock_goal=lambda: DockRobot.Goal(
                use_dock_id=True, dock_id=self.dock_id, navigate_to_staging_pose=True
            ),
            make_undock_goal=lambda: UndockRobot.Goal(),
            now_s=self._now_s,
            log=lambda msg: self.get_logger().info(msg),
        )
        self.mission: Mission | None = None
        self.last_result: tuple[str, str, str] = ("", "", "")  # id, kind, state
        self.estop = False
        self.lock = threading.RLock()
        self.errors: dict[str, str] = {}

        self.status_pub = self.create_publisher(RobotStatus, "robot/status", 10)
        # Latched (last 20): a console inbox opened after a page was sent still shows it.
        self.pages_pub = self.create_publisher(
            String,
            "staff/pages",
            QoSProfile(depth=20, durability=DurabilityPolicy.TRANSIENT_LOCAL),
        )
        latched = QoSProfile(depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL)
        self.tree_pub = self.create_publisher(String, "mission/tree", latched)
        self._last_tree_text = ""
        # Only the newest pose/people matter: depth 1 keeps a busy executor from lagging behind.
        self.create_subscription(Odometry, "odom", self._on_odom, 1)
        self.create_subscription(PersonArray, "people", self._on_people, 1)
        self.create_subscription(BatteryState, "battery_state", self._on_battery, 10)
        self.create_subscription(Intent, "dialog/intent", self._on_intent, 10)
        self.create_subscription(String, "diagnostics_text", self._on_diag, 10)
        self.actions.create_service(
            MissionControl, "mission_control", self._on_control, callback_group=cb
        )
        self.actions.create_service(
            PageAck, "staff_pager/ack", self._on_page_ack, callback_group=cb
        )
        for name, typ, execute in (
            ("go_to_place", GoToPlace, self._exec_go),
            ("escort", Escort, self._exec_escort),
            ("tour", Tour, self._exec_tour),
            ("call_staff", CallStaff, self._exec_call_staff),
        ):
            ActionServer(
                self.actions,
                typ,
                name,
                execute_callback=execute,
                callback_group=cb,
                goal_callback=lambda g: GoalResponse.ACCEPT,
                cancel_callback=lambda g: CancelResponse.ACCEPT,
            )
        self.lockstep: Participant | None = None
        self._step_now_s = 0.0
        if gp("lockstep").value:
            # Tick on the simulator's /clock and acknowledge each step: the tree never falls
            # behind sim time, however busy the machine. One callback at a time, in order.
            self.lockstep = Participant(self)
            self._tick_period_ns = int(round(1e9 / tick_hz))
            self._next_tick_ns: int | None = None
            self.create_subscription(Clock, "/clock", self._on_step, 10)
        else:
            self.create_timer(1.0 / tick_hz, self._tick)
        self.create_timer(0.5, self._publish_status)
        self.get_logger().info(
            f"mission manager ready at {self.site} ({len(self.data.places)} places)"
        )

    # ---- sensing ----
    def _now_s(self) -> float:
        # In lockstep the step being handled is "now", even before the node's clock has heard it.
        return max(self.get_clock().now().nanoseconds * 1e-9, self._step_now_s)

    def _on_step(self, msg: Clock) -> None:
        t_ns = stamp_ns(msg.clock)
        self._step_now_s = max(self._step_now_s, t_ns * 1e-9)
        if self._next_tick_ns is None or t_ns >= self._next_tick_ns:
            self._tick()
            base = t_ns if self._next_tick_ns is None else self._next_tick_ns
            self._next_tick_ns = max(base + self._tick_period_ns, t_ns + 1)
        self.lockstep.ack(msg.clock)

    def _on_odom(self, msg: Odometry) -> None:
        q = msg.pose.pose.orientation
        x, y = msg.pose.pose.position.x, msg.pose.pose.position.y
        m = self.mission
        if m is not None:
            px, py_ = self.ctx.pose[:2]
            m.travelled_m += ((x - px) ** 2 + (y - py_) ** 2) ** 0.5
        self.ctx.pose = (x, y, quat_to_yaw(q.z, q.w))

    def _on_people(self, msg: PersonArray) -> None:
        self.ctx.people = [
            Seen(p.id, p.pose.position.x, p.pose.position.y, p.is_engaged) for p in msg.people
        ]

    def _on_battery(self, msg: BatteryState) -> None:
        self.ctx.battery_pct = float(msg.percentage) * 100.0
        self.ctx.docked = msg.power_supply_status == BatteryState.POWER_SUPPLY_STATUS_CHARGING

    def _on_diag(self, msg: String) -> None:
        # "component: problem" lines from other nodes (e.g. stt_node without a microphone)
        comp, _, text = msg.data.partition(":")
        with self.lock:
            if text.strip():
                self.errors[comp.strip()] = text.strip()
            else:
                self.errors.pop(comp.strip(), None)

    # ---- mission plumbing ----
    def _nav_goal(self, pose) -> NavigateToPose.Goal:
        goal = NavigateToPose.Goal()
        goal.pose = PoseStamped()
        goal.pose.header.frame_id = "map"
        goal.pose.header.stamp = self.get_clock().now().to_msg()
        goal.pose.pose.position.x, goal.pose.pose.position.y = float(pose[0]), float(pose[1])
        goal.pose.pose.orientation.z, goal.pose.pose.orientation.w = yaw_to_quat(float(pose[2]))
        return goal

    def _start(self, kind: str, root, detail: str) -> Mission:
        if self.ctx.docked and kind != "dock":
            undock = missions.PortCall(
                self.ctx, self.ctx.undock, self.ctx.make_undock_goal, "undocking", 902, "undock"
            )
            root = missions.sequence(root.name, [undock, root])
        tree = py_trees.trees.BehaviourTree(root)
        with self.lock:
            if self.estop:
                raise RuntimeError("emergency stop is active")
            old = self.mission
            if old is not None:
                old.preempted = True
                old.tree.root.stop(Status.INVALID)
                old.done.set()
            self.ctx.error = None
            self.ctx.paused = self.ctx.skip = self.ctx.repeat = self.ctx.end = False
            self.ctx.phase, self.ctx.progress, self.ctx.distance_remaining_m = "starting", 0.0, 0.0
            self.ctx.counters = {}
            m = Mission(kind, tree, detail)
            m.started_s = self._now_s()
            self.mission = m
        self.get_logger().info(f"mission {m.id}: {detail}")
        return m

    def _tick(self) -> None:
        with self.lock:
            m = self.mission
            if m is None:
                self._maybe_dock()
                return
            m.tree.tick()
            self._publish_tree(m)
            if m.tree.root.status in (Status.SUCCESS, Status.FAILURE):
                m.status = m.tree.root.status
                state = "completed" if m.status == Status.SUCCESS else "failed"
                self.last_result = (m.id, m.kind, state)
                self.mission = None
                m.done.set()
                self.get_logger().info(f"mission {m.id} {state}")

    def _publish_tree(self, m: Mission) -> None:
        text = f"{m.id}\n" + py_trees.display.unicode_tree(m.tree.root, show_status=True)
        if text != self._last_tree_text:
            self._last_tree_text = text
            self.tree_pub.publish(String(data=text))

    def _battery_low(self) -> bool:
        return self.ctx.battery_pct < self.low_battery_pct and not self.ctx.docked

    def _maybe_dock(self) -> None:
        if not self.auto_dock or self.estop or not self._battery_low():
            return
        lang = self.ctx.lang
        self.get_logger().warn(f"battery {self.ctx.battery_pct:.0f} %: docking")
        self._start(
            "dock", missions.dock(self.ctx, self.data.t("docking", lang)), "dock (low battery)"
        )

    def _wait(self, m: Mission, goal_handle, feedback_fn) -> bool:
        """Wait for a mission to end; publish feedback; honour cancel. True if canceled."""
        last_feedback = 0.0
        while not m.done.wait(0.05):
            if goal_handle.is_cancel_requested:
                with self.lock:
                    m.canceled = True
                    m.tree.root.stop(Status.INVALID)
                    if self.mission is m:
                        self.mission = None
                        self.last_result = (m.id, m.kind, "canceled")
                    m.done.set()
                self.ctx.nav.cancel()
                return True
            if not rclpy.ok():
                return True
            now = time.monotonic()
            if now - last_feedback >= 0.1:  # 10 Hz of wall time is plenty for any display
                last_feedback = now
                goal_handle.publish_feedback(feedback_fn())
        return False

    def _finish(self, m: Mission, goal_handle, result):
        if not rclpy.ok():  # shutting down: the goal's server is already gone
            return result
        dur = self._now_s() - m.started_s
        if hasattr(result, "duration"):
            result.duration = Duration(sec=int(dur), nanosec=int((dur % 1) * 1e9))
        if hasattr(result, "distance_travelled_m"):
            result.distance_travelled_m = float(m.travelled_m)
        if m.canceled and goal_handle.is_cancel_requested:
            result.error_code, result.error_msg = 903, "canceled"
            goal_handle.canceled()
        elif m.canceled:  # an operator's cancel through mission_control, not the caller's
            result.error_code, result.error_msg = 903, "canceled by the operator"
            goal_handle.abort()
        elif m.preempted:
            result.error_code, result.error_msg = 904, "preempted by a newer mission"
            goal_handle.abort()
        elif m.status == Status.SUCCESS:
            goal_handle.succeed()
        else:
            err = self.ctx.error
            result.error_code = err.code if err else 902
            result.error_msg = err.message if err else "mission failed"
            goal_handle.abort()
        return result

    def _reject(self, goal_handle, result, code: int, msg: str):
        self.get_logger().warn(msg)
        result.error_code, result.error_msg = code, msg
        goal_handle.abort()
        return result

    def _lang(self, lang: str) -> str:
        return lang if lang in ("ko", "en") else "ko"

    # ---- actions ----
    def _exec_go(self, goal_handle):
        g, result = goal_handle.request, GoToPlace.Result()
        if g.place_id not in self.data.places:
            return self._reject(goal_handle, result, 901, f"unknown place {g.place_id!r}")
        place = self.data.place(g.place_id)
        lang = self.ctx.lang
        say_go = self.data.t("going_to", lang, place=place.name(lang)) if g.announce else ""
        say_at = self.data.t("arrived", lang, place=place.name(lang)) if g.announce else ""
        if place.id == self.dock_id:  # going to the dock means docking there
            kind, tree = "dock", missions.dock(self.ctx, self.data.t("docking", lang))
        else:
            kind, tree = "go_to_place", missions.go_to_place(self.ctx, place.pose, say_go, say_at)
        try:
            m = self._start(kind, tree, f"to {place.id}")
        except RuntimeError as exc:
            return self._reject(goal_handle, result, 905, str(exc))

        def fb():
            return GoToPlace.Feedback(
                phase=self.ctx.phase,
                distance_remaining_m=self.ctx.distance_remaining_m,
                progress=self.ctx.progress,
                number_of_recoveries=self.ctx.recoveries,
            )

        self._wait(m, goal_handle, fb)
        return self._finish(m, goal_handle, result)

    def _exec_escort(self, goal_handle):
        g, result = goal_handle.request, Escort.Result()
        if g.place_id not in self.data.places:
            return self._reject(goal_handle, result, 901, f"unknown place {g.place_id!r}")
        m = self._start_escort(g.place_id, g.visitor_id, g.return_home, self._lang(g.lang))

        def fb():
            return Escort.Feedback(
                phase=self.ctx.phase,
                distance_remaining_m=self.ctx.distance_remaining_m,
                follower_visible=self.ctx.phase == "leading",
                follower_distance_m=0.0,
            )

        self._wait(m, goal_handle, fb)
        result.times_follower_lost = int(self.ctx.counters.get("times_follower_lost", 0))
        return self._finish(m, goal_handle, result)

    def _start_escort(self, place_id: str, visitor_id: str, return_home: bool, lang: str):
        place = self.data.place(place_id)
        self.ctx.lang = lang
        name = place.name(lang)
        texts = {
            "follow_me": self.data.t("follow_me", lang, place=name),
            "wait": self.data.t("wait_for_me", lang),
            "arrived": self.data.t("escort_arrived", lang, place=name),
            "gave_up": self.data.t("gave_up", lang),
        }
        home = self.home.pose if return_home else None
        tree = missions.escort(
            self.ctx, place.pose, home, visitor_id, self.lost_timeout_s, texts, self.check_every_m
        )
        return self._start("escort", tree, f"escort to {place_id}")

    def _exec_tour(self, goal_handle):
        g, result = goal_handle.request, Tour.Result()
        course = self.data.courses.get(g.course_id)
        if course is None:
            return self._reject(goal_handle, result, 920, f"unknown course {g.course_id!r}")
        m, runner = self._start_tour(course, self._lang(g.lang))

        def fb():
            return Tour.Feedback(
                phase=self.ctx.phase,
                stop_index=runner.index,
                stop_count=len(runner.stops),
                stop_id=runner.stop_id,
                distance_remaining_m=self.ctx.distance_remaining_m,
            )

        self._wait(m, goal_handle, fb)
        result.stops_visited, result.stops_skipped = runner.visited, runner.skipped
        if getattr(runner, "ended_by_visitor", False) and m.status == Status.SUCCESS:
            result.error_code, result.error_msg = 921, "ended by the visitor"
        return self._finish(m, goal_handle, result)

    def _start_tour(self, course, lang: str):
        self.ctx.lang = lang
        stops = []
        for stop in course.stops:
            place = self.data.place(stop.place)
            text = stop.narration.en if lang == "en" else stop.narration.ko
            stops.append((place.id, place.pose, text))
        runner = missions.TourRunner(self.ctx, stops, {"ended": self.data.t("tour_ended", lang)})
        name = course.name.en if lang == "en" else course.name.ko
        tree = missions.sequence(
            "TourMission",
            [missions.Say(self.ctx, self.data.t("tour_start", lang, course=name)), runner],
        )
        return self._start("tour", tree, f"tour {course.id}"), runner

    def _exec_call_staff(self, goal_handle):
        g, result = goal_handle.request, CallStaff.Result()
        office_id = g.office_id or "saebit_office"
        if office_id not in self.data.places:
            return self._reject(goal_handle, result, 940, f"unknown office {office_id!r}")
        try:
            m, page = self._start_call_staff(
                office_id, g.staff_id, g.reason, self._lang(g.lang), g.escort_to_counter
            )
        except ValueError as exc:
            return self._reject(goal_handle, result, 941, str(exc))

        def fb():
            return CallStaff.Feedback(
                phase=self.ctx.phase,
                escalation_level=page.level,
                expected_wait_s=self.expected_wait_min * 60.0,
                staff_name=self.data.staff_name(page.current or "", "ko"),
            )

        self._wait(m, goal_handle, fb)
        result.staff_id = page.acked_by or ""
        result.staff_name = (
            self.data.staff_name(result.staff_id, self.ctx.lang) if page.acked_by else ""
        )
        result.wait_s = float(self._now_s() - page.created_s)
        return self._finish(m, goal_handle, result)

    def _start_call_staff(self, office_id, staff_id, reason, lang, escort_to_counter):
        self.ctx.lang = lang
        weekday = WEEKDAYS[datetime.date.today().weekday()]
        roster = [staff_id] if staff_id else self.data.veteran_roster(office_id, weekday)
        page = self.pager.page(office_id, reason, roster, self._now_s())
        office = self.data.place(office_id)
        texts = {
            "paging": self.data.t("paging", lang),
            "wait": self.data.t("wait_for_me", lang),
            "arrived": self.data.t("escort_arrived", lang, place=office.name(lang)),
        }

        def coming_text() -> str:  # names whoever accepted, known only after the ack
            return self.data.t(
                "staff_coming",
                lang,
                staff=self.data.staff_name(page.acked_by, lang),
                minutes=self.expected_wait_min,
            )

        texts["coming"] = coming_text
        tree = missions.call_staff(
            self.ctx,
            self.pager,
            page,
            self._publish_page,
            office.pose,
            texts,
            escort_to_counter,
            self.staff_max_wait_s,
            self.lost_timeout_s,
            on_escalate=lambda pg: self.get_logger().info(f"page {pg.page_id} escalated"),
        )
        m = self._start("call_staff", tree, f"page {office_id}")
        return m, page

    def _publish_page(self, page) -> None:
        self.pages_pub.publish(String(data=page.to_json()))

    # ---- services ----
    def _on_page_ack(self, req, resp):
        try:
            resp.message = self.pager.ack(req.page_id, req.staff_id, req.accept, self._now_s())
            resp.success = True
        except (KeyError, ValueError) as exc:
            resp.success, resp.message = False, str(exc).strip("'\"")
        return resp

    def _on_control(self, req, resp):
        cmd = req.command.strip().lower()
        with self.lock:
            m = self.mission
            if cmd == "estop":
                self.estop = True
                if m is not None:
                    m.tree.root.stop(Status.INVALID)
                    m.status = Status.FAILURE
                    self.ctx.error = missions.MissionError(902, "emergency stop")
                    self.mission = None
                    m.done.set()
                self.ctx.nav.cancel()
                resp.success, resp.message = True, "emergency stop: all motion stopped"
                return resp
            if cmd == "release_estop":
                self.estop = False
                resp.success, resp.message = True, "emergency stop released"
                return resp
            if cmd not in ("pause", "resume", "cancel", "skip", "repeat", "end"):
                resp.success, resp.message = False, f"unknown command {req.command!r}"
                return resp
            if m is None:
                resp.success, resp.message = False, "no mission is running"
                return resp
            if cmd == "pause":
                self.ctx.paused = True
            elif cmd == "resume":
                self.ctx.paused = False
            elif cmd == "cancel":
                m.canceled = True
                m.tree.root.stop(Status.INVALID)
                self.mission = None
                self.last_result = (m.id, m.kind, "canceled")
                m.done.set()
                self.ctx.nav.cancel()
            elif m.kind != "tour":
                resp.success, resp.message = False, f"{cmd} only applies to a tour"
                return resp
            else:
                setattr(self.ctx, cmd, True)
        resp.success, resp.message = True, f"{cmd}: ok ({m.id})"
        return resp

    # ---- dialog ----
    def _on_intent(self, msg: Intent) -> None:
        if not self.react_to_intents:
            return
        lang = self._lang(msg.lang)
        try:
            if msg.intent == "escort" and msg.place_id in self.data.places:
                if self.mission is None or self.mission.kind in ("go_to_place",):
                    self._start_escort(msg.place_id, "", True, lang)
            elif msg.intent == "call_staff" and self.mission is None:
                self._start_call_staff("saebit_office", msg.staff_id, msg.utterance, lang, True)
            elif msg.intent == "tour_control" and msg.action:
                req = MissionControl.Request(command=msg.action)
                self._on_control(req, MissionControl.Response())
        except (KeyError, ValueError, RuntimeError) as exc:
            self.get_logger().warn(f"intent {msg.intent}: {exc}")

    # ---- status ----
    def _publish_status(self) -> None:
        s = RobotStatus()
        s.stamp = self.get_clock().now().to_msg()
        s.robot_name, s.site, s.map_name = self.robot_name, self.site, self.site
        s.battery_percent = float(self.ctx.battery_pct)
        s.docked = self.ctx.docked
        s.x, s.y, s.yaw = (float(v) for v in self.ctx.pose)
        with self.lock:
            m = self.mission
            s.errors = [f"{k}: {v}" for k, v in sorted(self.errors.items())]
            if self.estop:
                s.state, s.state_text = RobotStatus.STATE_EMERGENCY_STOP, "emergency_stop"
            elif m is not None and self.ctx.paused:
                s.state, s.state_text = RobotStatus.STATE_PAUSED, "paused"
            elif m is not None:
                s.state, s.state_text = RobotStatus.STATE_WORKING, "working"
            elif self.ctx.docked:
                s.state, s.state_text = RobotStatus.STATE_CHARGING, "charging"
            elif s.errors and not self.data.places:
                s.state, s.state_text = RobotStatus.STATE_ERROR, "error"
            else:
                s.state, s.state_text = RobotStatus.STATE_IDLE, "idle"
            if m is not None:
                s.task_id, s.task_type = m.id, m.kind
                s.task_state = "paused" if self.ctx.paused else "underway"
                s.task_detail = f"{m.detail}: {self.ctx.phase}"
                if self.ctx.distance_remaining_m > 0:
                    s.task_detail += f", {self.ctx.distance_remaining_m:.1f} m left"
                s.task_progress = float(self.ctx.progress)
            elif self.last_result[0]:
                s.task_id, s.task_type, s.task_state = self.last_result
        self.status_pub.publish(s)


def _d(text: str):
    from rcl_interfaces.msg import ParameterDescriptor

    return ParameterDescriptor(description=text)


def main(args=None) -> int:
    rclpy.init(args=args)
    try:
        node = MissionManager()
    except (ValueError, KeyError) as exc:
        print(f"mission_manager: {exc}", flush=True)
        rclpy.try_shutdown()
        return 2
    executor = EventsExecutor()
    executor.add_node(node)
    goals = MultiThreadedExecutor(num_threads=4)
    goals.add_node(node.actions)
    threading.Thread(target=_spin_quietly, args=(goals,), name="goals", daemon=True).start()
    try:
        while rclpy.ok():  # not spin(): in rclpy 7.1 it starves other threads of the GIL
            executor.spin_once(timeout_sec=0.5)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    finally:
        if node.lockstep is not None and rclpy.ok():
            node.lockstep.leave()
        goals.shutdown(timeout_sec=1.0)
        executor.shutdown()  # before the interpreter exits: its C++ threads must be joined
        node.actions.destroy_node()
        node.destroy_node()
        rclpy.try_shutdown()
    return 0


def _spin_quietly(executor) -> None:
    with contextlib.suppress(KeyboardInterrupt, ExternalShutdownException):
        executor.spin()
