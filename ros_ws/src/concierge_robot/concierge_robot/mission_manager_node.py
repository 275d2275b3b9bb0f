"""mission_manager: serves the robot's missions (go_to_place, escort, tour, call_staff) as
actions, reacts to dialog intents and the emergency stop, and publishes robot/status. It is a
Nav2 client: it only talks ROS interfaces. The missions themselves (checks, trees, texts) live
in concierge_robot.missions, their running in concierge_robot.runner; this node only wires.

Two executors: sensing, the tree tick and the lockstep run on rclpy's C++ events executor (a
fraction of the Python executors' cost per message); action goals block until their mission
ends, so the action servers, services and the Nav2/speech clients live on a companion node
(`<name>_actions`, same namespace) served by a small thread pool."""

from __future__ import annotations

import json
import threading
from types import SimpleNamespace

import py_trees
import rclpy
from builtin_interfaces.msg import Duration
from concierge_interfaces.action import CallStaff, Escort, GoToPlace, Speak, Tour
from concierge_interfaces.msg import Intent, PersonArray, RobotStatus
from concierge_interfaces.srv import MissionControl, PageAck
from concierge_lockstep.participant import Participant, stamp_ns
from concierge_lockstep.spin import spin_with_goal_pool
from geometry_msgs.msg import PoseStamped
from nav2_msgs.action import DockRobot, NavigateToPose, UndockRobot
from nav_msgs.msg import Odometry
from rclpy.action import ActionServer, CancelResponse, GoalResponse
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, QoSProfile
from rosgraph_msgs.msg import Clock
from sensor_msgs.msg import BatteryState
from std_msgs.msg import Bool, String

from concierge_robot.action_port import ActionPort
from concierge_robot.behaviours import RobotContext
from concierge_robot.config import MissionConfig, declare_and_read
from concierge_robot.escort_rules import Seen
from concierge_robot.missions import MISSIONS
from concierge_robot.missions.base import BATTERY_TOO_LOW, Env, Refusal
from concierge_robot.runner import Mission, MissionRunner
from concierge_robot.site_data import SiteData, quat_to_yaw, yaw_to_quat
from concierge_robot.staff_pager import StaffPager
from concierge_robot.status import robot_status

ACTION_TYPES = {"go_to_place": GoToPlace, "escort": Escort, "tour": Tour, "call_staff": CallStaff}
LATCHED = QoSProfile(depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL)


class MissionManager(Node):
    def __init__(self):
        # No parameter services: parameters are read once at start (config.py).
        super().__init__("mission_manager", start_parameter_services=False)
        self.cfg: MissionConfig = declare_and_read(self)
        # a fleet robot (its namespace in the site's fleet) has its own home and dock
        self.data = SiteData(self.cfg.site, self.get_namespace())
        self.actions = Node(
            f"{self.get_name()}_actions",
            namespace=self.get_namespace(),
            use_global_arguments=False,
            start_parameter_services=False,
        )
        cb = ReentrantCallbackGroup()
        self._step_now_s = 0.0
        self.ctx = RobotContext(
            nav=ActionPort(self.actions, NavigateToPose, "navigate_to_pose", cb),
            dock=ActionPort(self.actions, DockRobot, "dock_robot", cb),
            undock=ActionPort(self.actions, UndockRobot, "undock_robot", cb),
            # speech is optional (a robot without a speaker still works): wait 2 s of its time
            speak=ActionPort(
                self.actions, Speak, "speak", cb, server_wait_s=2.0, now_s=self._now_s
            ),
            make_nav_goal=self._nav_goal,
            make_speak_goal=self._speak_goal,
            make_dock_goal=lambda: DockRobot.Goal(
                use_dock_id=True,
                dock_id=self.data.roles.get("dock", ""),
                navigate_to_staging_pose=True,
            ),  # fmt: skip
            make_undock_goal=lambda: UndockRobot.Goal(),
            now_s=self._now_s,
            log=lambda msg: self.get_logger().info(msg),
        )
        # what the robot says, as text (subtitles for screens, and proof in tests that the
        # visitor was told): {"text", "lang"}; latched, the last 20
        self.said_pub = self.create_publisher(
            String, "robot/said", QoSProfile(depth=20, durability=DurabilityPolicy.TRANSIENT_LOCAL)
        )
        self.pages_pub = self.create_publisher(
            String,
            "staff/pages",
            QoSProfile(depth=20, durability=DurabilityPolicy.TRANSIENT_LOCAL),
        )  # latched (last 20): a console inbox opened after a page still shows it
        services = {
            "pager": StaffPager(self.cfg.staff_escalate_after_s),
            "notify_page": lambda page: self.pages_pub.publish(String(data=page.to_json())),
            "on_escalate": lambda page: self.get_logger().info(f"page {page.page_id} escalated"),
        }
        self.link = None
        if self.cfg.paging_url:
            from concierge_paging.client import PagingClient
            from concierge_paging.link import PagingLink

            client = PagingClient(self.cfg.paging_url, timeout_s=self.cfg.paging_timeout_s)
            self.link = services["paging"] = PagingLink(client, poll_s=None)  # polled in sim time
        self.env = Env(self.ctx, self.data, self.cfg, services)
        self.runner = MissionRunner(
            self.env, _open_mission_log(self.cfg), logger=self.get_logger().info
        )
        self.errors: dict[str, str] = {}

        self.status_pub = self.create_publisher(RobotStatus, "robot/status", 10)
        self.tree_pub = self.create_publisher(String, "mission/tree", LATCHED)
        self.estop_pub = self.create_publisher(Bool, "estop/state", LATCHED)
        self._last_tree_text = ""
        self._published_estop: bool | None = None
        # Only the newest pose/people matter: depth 1 keeps a busy executor from lagging behind.
        self.create_subscription(Odometry, "odom", self._on_odom, 1)
        self.create_subscription(PersonArray, "people", self._on_people, 1)
        self.create_subscription(BatteryState, "battery_state", self._on_battery, 10)
        self.create_subscription(Intent, "dialog/intent", self._on_intent, 10)
        self.create_subscription(String, "diagnostics_text", self._on_diag, 10)
        self.create_subscription(Bool, "estop", self._on_estop_topic, 10)
        self.actions.create_service(
            MissionControl, "mission_control", self._on_control, callback_group=cb
        )
        self.actions.create_service(
            PageAck, "staff_pager/ack", self._on_page_ack, callback_group=cb
        )
        for name, action_type in ACTION_TYPES.items():
            ActionServer(
                self.actions,
                action_type,
                name,
                execute_callback=self._executor_for(name, action_type),
                callback_group=cb,
                goal_callback=lambda g: GoalResponse.ACCEPT,
                cancel_callback=lambda g: CancelResponse.ACCEPT,
            )
        self._pumps: set[_FeedbackPump] = set()
        self._pumps_lock = threading.Lock()
        self.lockstep: Participant | None = None
        if self.cfg.lockstep:
            # Tick on the simulator's /clock and acknowledge each step: the tree never falls
            # behind sim time, however busy the machine. One callback at a time, in order.
            self.lockstep = Participant(self)
            self._tick_period_ns = int(round(1e9 / self.cfg.tick_hz))
            self._next_tick_ns: int | None = None
            self.create_subscription(Clock, "/clock", self._on_step, 10)
        else:
            self.create_timer(1.0 / self.cfg.tick_hz, self._tick)
        self.create_timer(0.5, self._publish_status)
        self._publish_estop()
        self.get_logger().info(
            f"mission manager ready at {self.cfg.site} ({len(self.data.places)} places, home "
            f"{self.data.roles.get('home')}, dock {self.data.roles.get('dock')}"
            f"{', paging ' + self.cfg.paging_url if self.link else ''})"
        )

    # ---- time and sensing ----
    def _now_s(self) -> float:
        # In lockstep the step being handled is "now", even before the node's clock has heard it.
        return max(self.get_clock().now().nanoseconds * 1e-9, self._step_now_s)

    def _on_step(self, msg: Clock) -> None:
        t_ns = stamp_ns(msg.clock)
        self._step_now_s = max(self._step_now_s, t_ns * 1e-9)
        if self._next_tick_ns is None or t_ns >= self._next_tick_ns:
            self._tick()
            self._flush_feedback(t_ns * 1e-9)  # before the step is acknowledged
            base = t_ns if self._next_tick_ns is None else self._next_tick_ns
            self._next_tick_ns = max(base + self._tick_period_ns, t_ns + 1)
        if self.link is not None:  # answers from the paging service belong to this step
            self.link.wait_idle(self.cfg.paging_timeout_s + 1.0)
        self.lockstep.ack(msg.clock)

    def _on_odom(self, msg: Odometry) -> None:
        q = msg.pose.pose.orientation
        x, y = msg.pose.pose.position.x, msg.pose.pose.position.y
        m = self.runner.mission
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
        self.ctx.docked = msg.power_supply_status in (
            BatteryState.POWER_SUPPLY_STATUS_CHARGING,
            BatteryState.POWER_SUPPLY_STATUS_FULL,
        )

    def _on_diag(self, msg: String) -> None:
        # "component: problem" lines from other nodes (e.g. stt_node without a microphone)
        comp, _, text = msg.data.partition(":")
        with self.runner.lock:
            if text.strip():
                self.errors[comp.strip()] = text.strip()
            else:
                self.errors.pop(comp.strip(), None)

    def _speak_goal(self, text: str, lang: str) -> Speak.Goal:
        self.said_pub.publish(
            String(data=json.dumps({"text": text, "lang": lang}, ensure_ascii=False))
        )
        return Speak.Goal(text=text, lang=lang)

    def _nav_goal(self, pose) -> NavigateToPose.Goal:
        goal = NavigateToPose.Goal()
        goal.pose = PoseStamped()
        goal.pose.header.frame_id = "map"
        goal.pose.header.stamp = self.get_clock().now().to_msg()
        goal.pose.pose.position.x, goal.pose.pose.position.y = float(pose[0]), float(pose[1])
        goal.pose.pose.orientation.z, goal.pose.pose.orientation.w = yaw_to_quat(float(pose[2]))
        return goal

    # ---- ticking ----
    def _tick(self) -> None:
        self.runner.tick()
        tree = self.runner.tree
        m = self.runner.mission
        if tree is not None and m is not None:
            text = f"{m.id}\n" + py_trees.display.unicode_tree(tree.root, show_status=True)
            if text != self._last_tree_text:
                self._last_tree_text = text
                self.tree_pub.publish(String(data=text))

    # ---- actions ----
    def _executor_for(self, name: str, action_type):
        plan_fn = MISSIONS[name]

        def execute(goal_handle):
            result = action_type.Result()
            try:
                with self.runner.lock:
                    plan = plan_fn(goal_handle.request, self.env)
                    m = self.runner.start(plan, requested_by="action")
            except Refusal as refusal:
                self.runner.refuse(name, _target(goal_handle.request), refusal)
                self.get_logger().warn(f"{name} refused: {refusal.message}")
                result.error_code, result.error_msg = refusal.code, refusal.message
                goal_handle.abort()
                return result
            self._wait(m, goal_handle, action_type.Feedback)
            return self._finish(m, goal_handle, result)

        return execute

    def _wait(self, m: Mission, goal_handle, feedback_type) -> None:
        """Until the mission ends: pass on the caller's cancel and publish feedback: every phase
        the runner saw, in order, even one that lasted a single tick, and between phase changes
        a progress update for progress displays. In lockstep the step handler publishes it all
        before acknowledging the step (phases at once, progress every sim-second), so the world
        never runs ahead of feedback; in real time this thread does (progress at 10 Hz)."""
        pump = _FeedbackPump(m, goal_handle, feedback_type)
        with self._pumps_lock:
            self._pumps.add(pump)
        try:
            timed_out = False
            while rclpy.ok():  # shutting down: the goal's server is going away, publish nothing
                finished = m.done.is_set()
                m.changed.clear()
                fresh = pump.flush()  # in lockstep only the phases of a mission's last tick
                if not fresh and timed_out and not finished and self.lockstep is None:
                    pump.progress()
                if finished:
                    return
                if goal_handle.is_cancel_requested:
                    self.runner.cancel("caller")
                    return
                timed_out = not m.changed.wait(0.1)
        finally:
            with self._pumps_lock:
                self._pumps.discard(pump)

    def _flush_feedback(self, now_s: float) -> None:
        with self._pumps_lock:
            pumps = list(self._pumps)
        for pump in pumps:
            if not pump.flush() and now_s >= pump.progress_at_s:
                pump.progress()
                pump.progress_at_s = now_s + 1.0

    def _finish(self, m: Mission, goal_handle, result):
        if not rclpy.ok():  # shutting down: the goal's server is already gone
            return result
        m.done.wait(1.0)
        dur = self.ctx.now_s() - m.started_s
        if hasattr(result, "duration"):
            result.duration = Duration(sec=int(dur), nanosec=int((dur % 1) * 1e9))
        if hasattr(result, "distance_travelled_m"):
            result.distance_travelled_m = float(m.travelled_m)
        result.error_code, result.error_msg = m.code, m.message
        m.plan.result(result)
        if m.outcome == "succeeded":
            goal_handle.succeed()
        elif m.outcome == "canceled" and goal_handle.is_cancel_requested:
            goal_handle.canceled()
        else:
            goal_handle.abort()
        return result

    # ---- services and topics ----
    def _on_control(self, req, resp):
        resp.success, resp.message = self.runner.control(req.command, by="operator")
        self._publish_estop()
        return resp

    def _on_estop_topic(self, msg: Bool) -> None:
        if msg.data:
            self.runner.engage_estop("estop topic")
            self._publish_estop()
        elif self.runner.estop:
            self.get_logger().warn(
                "estop false on the topic does not release: an operator must call "
                "mission_control release_estop"
            )

    def _publish_estop(self) -> None:
        """estop/state (latched) is the one source of truth the navigator obeys."""
        engaged = self.runner.estop
        if engaged != self._published_estop:
            self._published_estop = engaged
            self.estop_pub.publish(Bool(data=engaged))

    def _on_page_ack(self, req, resp):
        pager: StaffPager = self.env.services["pager"]
        try:
            resp.message = pager.ack(req.page_id, req.staff_id, req.accept, self._now_s())
            resp.success = True
        except (KeyError, ValueError) as exc:
            resp.success, resp.message = False, str(exc).strip("'\"")
        return resp

    def _on_intent(self, msg: Intent) -> None:
        if not self.cfg.react_to_intents:
            return
        lang = msg.lang if msg.lang in ("ko", "en") else "ko"
        running = self.runner.mission
        try:
            if msg.intent == "escort" and msg.place_id in self.data.places:
                if running is None or running.kind == "go_to_place":
                    goal = SimpleNamespace(
                        place_id=msg.place_id, visitor_id="", return_home=True, lang=lang
                    )
                    self.runner.start(MISSIONS["escort"](goal, self.env), requested_by="voice")
            elif msg.intent == "call_staff" and running is None:
                goal = SimpleNamespace(office_id="", staff_id=msg.staff_id, reason=msg.utterance,
                                       lang=lang, escort_to_counter=True)  # fmt: skip
                self.runner.start(MISSIONS["call_staff"](goal, self.env), requested_by="voice")
            elif msg.intent == "tour_control" and msg.action:
                self.runner.control(msg.action, by="visitor")
        except Refusal as refusal:
            self.get_logger().warn(f"intent {msg.intent}: {refusal.message}")
            if refusal.code == BATTERY_TOO_LOW:  # the visitor asked aloud: answer aloud
                text = self.env.say("low_battery", lang)
                self.ctx.speak.send(self.ctx.make_speak_goal(text, lang))

    # ---- status ----
    def _publish_status(self) -> None:
        self._publish_estop()
        with self.runner.lock:
            status = robot_status(self.runner, self.cfg, sorted(self.errors.items()))
        status.stamp = self.get_clock().now().to_msg()
        self.status_pub.publish(status)


class _FeedbackPump:
    """One goal's feedback: each phase of its mission once, in order, from whichever thread
    flushes first (the lockstep step handler or the goal's own thread)."""

    def __init__(self, m: Mission, goal_handle, feedback_type):
        self.m, self.goal_handle, self.feedback_type = m, goal_handle, feedback_type
        self.published = 0
        self.progress_at_s = 0.0  # lockstep: sim time of the next progress update
        self.lock = threading.Lock()

    def _publish(self, phase: str | None = None) -> None:
        fb = self.feedback_type()
        self.m.plan.feedback(fb)
        if phase is not None:
            fb.phase = phase
        self.goal_handle.publish_feedback(fb)

    def flush(self) -> bool:
        """Publish the phases not yet published; True if there were any."""
        with self.lock:
            seen = list(self.m.phases)
            for phase in seen[self.published :]:
                self._publish(phase)
            fresh, self.published = len(seen) > self.published, len(seen)
            return fresh

    def progress(self) -> None:
        with self.lock:
            self._publish()


def _target(goal) -> str:
    return str(getattr(goal, "place_id", "") or getattr(goal, "course_id", "")
               or getattr(goal, "office_id", ""))  # fmt: skip


def _open_mission_log(cfg: MissionConfig):
    """The mission log (SQLite under var/), or None when turned off or unusable."""
    if cfg.mission_log.lower() == "none":
        return None
    from concierge_robot.mission_log import MissionLog, MissionLogError, default_path

    try:
        return MissionLog(cfg.mission_log or default_path())
    except (MissionLogError, OSError) as exc:
        rclpy.logging.get_logger("mission_manager").error(f"mission log off: {exc}")
        return None


def main(args=None) -> int:
    rclpy.init(args=args)
    try:
        node = MissionManager()
    except (ValueError, KeyError, FileNotFoundError) as exc:
        print(f"mission_manager: {exc}", flush=True)
        rclpy.try_shutdown()
        return 2

    def before_shutdown() -> None:
        if node.lockstep is not None and rclpy.ok():
            node.lockstep.leave()
        if node.link is not None:
            node.link.close(timeout_s=1.0)

    spin_with_goal_pool(node, node.actions, before_shutdown)
    return 0
