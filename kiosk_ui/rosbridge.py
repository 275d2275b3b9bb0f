"""Qt <-> ROS 2 bridge for the robot screen and the operator console.

rclpy spins a MultiThreadedExecutor in its own thread (with its own rclpy Context, so it never
collides with other nodes in the process); everything it hears reaches widgets as Qt signals and
every request is handed to the executor as a task, so the UI thread never waits on ROS. Creating
the bridge never fails: without a robot (or without ROS at all) it simply says "not connected".
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from PyQt6.QtCore import QObject, QTimer, pyqtSignal

log = logging.getLogger(__name__)

# Action names and kinds (ros_ws/README.md is the contract).
GO_TO_PLACE = "go_to_place"
ESCORT = "escort"
TOUR = "tour"
CALL_STAFF = "call_staff"
MISSION_KINDS = (GO_TO_PLACE, ESCORT, TOUR, CALL_STAFF)
MISSION_CONTROL_COMMANDS = (
    "pause",
    "resume",
    "cancel",
    "skip",
    "repeat",
    "end",
    "estop",
    "release_estop",
)
STAFF_PAGES_TOPIC = "/staff/pages"
PAGE_ACK_SERVICE = "staff_pager/ack"


@dataclass
class MissionUpdate:
    """What happened to a mission the UI sent: one record per step, in order."""

    kind: str
    stage: str  # unavailable | rejected | accepted | feedback | succeeded | failed | canceled
    phase: str = ""  # the action's feedback phase, e.g. leading, arrived
    error_code: int = 0
    error_msg: str = ""
    feedback: dict[str, Any] = field(default_factory=dict)
    request: dict[str, Any] = field(default_factory=dict)
    robot: str = ""  # the robot's namespace ("" the robot at the root)


def _topic(namespace: str, name: str) -> str:
    """The absolute name of a robot's topic: /odom, or /robot2/odom."""
    return "/" + "/".join(p for p in (namespace.strip("/"), name) if p)


def _msg_to_dict(msg: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in msg.get_fields_and_field_types():
        value = getattr(msg, name)
        if hasattr(value, "get_fields_and_field_types"):
            value = _msg_to_dict(value)
        elif isinstance(value, (list, tuple)):
            value = list(value)
        out[name] = value
    return out


class RobotBridge(QObject):
    """One ROS node for a kiosk screen. Signals carry ROS messages (read-only) or plain values."""

    connection_changed = pyqtSignal(bool)
    status_received = pyqtSignal(object)  # concierge_interfaces/RobotStatus
    intent_received = pyqtSignal(object)  # concierge_interfaces/Intent
    odom_received = pyqtSignal(object)  # nav_msgs/Odometry
    people_received = pyqtSignal(object)  # concierge_interfaces/PersonArray
    battery_received = pyqtSignal(object)  # sensor_msgs/BatteryState
    page_received = pyqtSignal(str)  # raw JSON text from /staff/pages
    mission_update = pyqtSignal(object)  # MissionUpdate
    control_reply = pyqtSignal(str, bool, str)  # command, success, message
    ack_reply = pyqtSignal(str, bool, str)  # page_id, success, message
    ros_error = pyqtSignal(str)
    # the fleet: every robot's namespace with its message (the signals above: the first robot)
    robot_status = pyqtSignal(str, object)  # namespace, RobotStatus
    robot_odom = pyqtSignal(str, object)  # namespace, Odometry
    robot_battery = pyqtSignal(str, object)  # namespace, BatteryState
    robot_plan = pyqtSignal(str, object)  # namespace, nav_msgs/Path (each new plan)
    robot_control_reply = pyqtSignal(str, str, bool, str)  # namespace, command, success, message

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        node_name: str = "kiosk_robot_ui",
        status_timeout_s: float = 3.0,
        server_wait_s: float = 2.0,
        stream_rate_hz: float = 10.0,
        robots: tuple[str, ...] | list[str] = ("",),
        discover_robots: bool = False,
    ):
        super().__init__(parent)
        self.node_name = node_name
        # robot namespaces; the first is the one the single-robot signals speak of
        self.robots = [r.strip("/") for r in robots] or [""]
        self.discover_robots = discover_robots  # also every other */robot/status on the graph
        self._robot_clients: dict[str, dict[str, Any]] = {}
        self.status_timeout_s = status_timeout_s
        self.server_wait_s = server_wait_s
        self._stream_period_s = 1.0 / stream_rate_hz
        self._last_status_t: float | None = None
        self._last_stream_t: dict[str, float] = {}
        self._connected = False
        self._context = None
        self._node = None
        self._executor = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._goal_handles: dict[str, Any] = {}
        self._page_robot: dict[str, str] = {}  # page id -> the namespace of the robot that paged
        self.error: str = ""
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(500)
        self._watchdog.timeout.connect(self._check_connection)

    # ---- life cycle -------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._connected

    @property
    def running(self) -> bool:
        return self._node is not None

    def start(self) -> None:
        """Start the ROS thread; returns at once. Problems arrive as ros_error, never raise."""
        if self._thread is not None:
            return
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name=self.node_name, daemon=True)
        self._thread.start()
        self._watchdog.start()

    def wait_ready(self, timeout_s: float = 5.0) -> bool:
        """For tests and CLI only: block until the node exists (or failed to)."""
        return self._ready.wait(timeout_s) and self._node is not None

    def stop(self) -> None:
        self._watchdog.stop()
        executor, thread = self._executor, self._thread
        if executor is not None:
            executor.shutdown(timeout_sec=1.0)
        if thread is not None:
            thread.join(timeout=3.0)
        self._thread = None
        self._last_status_t = None  # a restart must hear the robot again before "connected"
        self._set_connected(False)

    def _run(self) -> None:
        try:
            self._setup()
        except Exception as exc:  # no ROS on this machine, bad domain id, ...
            self.error = f"{type(exc).__name__}: {exc}"
            log.warning("robot bridge cannot start ROS: %s", self.error)
            self._ready.set()
            self.ros_error.emit(self.error)
            return
        self._ready.set()
        try:
            self._executor.spin()
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            log.warning("robot bridge stopped: %s", self.error)
            self.ros_error.emit(self.error)
        finally:
            self._teardown()

    def _setup(self) -> None:
        import rclpy
        from concierge_interfaces.action import CallStaff, Escort, GoToPlace, Tour
        from concierge_interfaces.msg import Intent, PersonArray, RobotStatus
        from concierge_interfaces.srv import MissionControl, PageAck
        from concierge_lockstep.action_client import ActionClient  # rclpy's can lose replies
        from nav_msgs.msg import Odometry, Path
        from rclpy.callback_groups import ReentrantCallbackGroup
        from rclpy.executors import MultiThreadedExecutor
        from rclpy.qos import DurabilityPolicy, QoSProfile, qos_profile_sensor_data
        from rclpy.signals import SignalHandlerOptions
        from sensor_msgs.msg import BatteryState
        from std_msgs.msg import String

        context = rclpy.Context()
        rclpy.init(context=context, signal_handler_options=SignalHandlerOptions.NO)
        self._context = context
        node = rclpy.create_node(self.node_name, context=context)
        group = ReentrantCallbackGroup()
        events = QoSProfile(depth=20)
        self._RobotStatus, self._Odometry, self._BatteryState = RobotStatus, Odometry, BatteryState
        self._Path = Path
        self._events_qos = events
        node.create_subscription(Intent, "/dialog/intent", self._on_intent, events)
        recent = QoSProfile(depth=20, durability=DurabilityPolicy.TRANSIENT_LOCAL)
        self._recent_qos, self._StringMsg = recent, String
        node.create_subscription(String, STAFF_PAGES_TOPIC, self._on_page, recent)  # latched
        first = self.robots[0]
        sensor = qos_profile_sensor_data
        people = self._stream("people")
        node.create_subscription(PersonArray, _topic(first, "people"), people, sensor)
        from concierge_interfaces.msg import Utterance

        self._text_pub = node.create_publisher(Utterance, "/dialog/text_in", events)
        # the screen's language is the one stt_node listens for (latched: it may start later)
        self._lang_pub = node.create_publisher(String, "/speech/language", recent)
        self._String = String
        types = {GO_TO_PLACE: GoToPlace, ESCORT: Escort, TOUR: Tour, CALL_STAFF: CallStaff}
        self._types = types
        self._group, self._ActionClient = group, ActionClient
        self._ack = node.create_client(PageAck, PAGE_ACK_SERVICE, callback_group=group)
        self._MissionControl, self._PageAck = MissionControl, PageAck
        self._node = node
        self._robot_clients = {}  # a restart makes a new node: subscribe again
        for name in self.robots:
            self._add_robot(name)
        if self.discover_robots:
            node.create_timer(1.0, self._discover, callback_group=group)
        self._actions = self._robot_clients[self.robots[0]]["actions"]
        self._control = self._robot_clients[self.robots[0]]["control"]
        self._executor = MultiThreadedExecutor(num_threads=3, context=context)
        self._executor.add_node(node)

    def _add_robot(self, name: str) -> None:
        """Subscriptions and clients of one robot namespace (once)."""
        if name in self._robot_clients:
            return
        from rclpy.qos import qos_profile_sensor_data

        node, group = self._node, self._group
        node.create_subscription(
            self._RobotStatus,
            _topic(name, "robot/status"),
            lambda m, n=name: self._on_robot_status(n, m),
            self._events_qos,
        )
        sensor = qos_profile_sensor_data
        odom = self._throttled(name, "odom", self.odom_received, self.robot_odom)
        node.create_subscription(self._Odometry, _topic(name, "odom"), odom, sensor)
        node.create_subscription(
            self._Path,
            _topic(name, "plan"),
            lambda m, n=name: self.robot_plan.emit(n, m),
            self._events_qos,
        )
        battery = self._throttled(name, "battery", self.battery_received, self.robot_battery)
        node.create_subscription(
            self._BatteryState, _topic(name, "battery_state"), battery, sensor
        )
        # a fleet robot pages on its own topic and takes the answer on its own service; the
        # robot at the root uses the shared ones (subscribed in _setup)
        ack = self._ack
        if name:
            node.create_subscription(
                self._StringMsg,
                _topic(name, "staff/pages"),
                lambda m, n=name: self._on_page(m, n),
                self._recent_qos,
            )
            ack = node.create_client(
                self._PageAck, _topic(name, PAGE_ACK_SERVICE), callback_group=group
            )
        self._robot_clients[name] = {
            "ack": ack,
            "actions": {
                kind: self._ActionClient(
                    node, t, _topic(name, kind).lstrip("/") or kind, callback_group=group
                )
                for kind, t in self._types.items()
            },
            "control": node.create_client(
                self._MissionControl, _topic(name, "mission_control"), callback_group=group
            ),
        }
        if name not in self.robots:
            self.robots.append(name)

    def _discover(self) -> None:
        """Every robot on the graph: a topic */robot/status names one."""
        for topic, _types in self._node.get_topic_names_and_types():
            if topic.endswith("/robot/status"):
                self._add_robot(topic[: -len("/robot/status")].strip("/"))

    def _teardown(self) -> None:
        node, context = self._node, self._context
        self._node = None
        try:
            if node is not None:
                node.destroy_node()
        finally:
            if context is not None and context.ok():
                context.try_shutdown()

    # ---- incoming ---------------------------------------------------------------------------
    def _on_robot_status(self, name: str, msg: Any) -> None:
        self._last_status_t = time.monotonic()
        if name == self.robots[0]:
            self.status_received.emit(msg)
        self.robot_status.emit(name, msg)

    def _throttled(self, name: str, stream: str, first_signal, fleet_signal):
        key = f"{name}/{stream}"

        def on_msg(msg: Any) -> None:
            now = time.monotonic()
            if now - self._last_stream_t.get(key, 0.0) >= self._stream_period_s:
                self._last_stream_t[key] = now
                if name == self.robots[0]:
                    first_signal.emit(msg)
                fleet_signal.emit(name, msg)

        return on_msg

    def _on_intent(self, msg: Any) -> None:
        self.intent_received.emit(msg)

    def _on_page(self, msg: Any, robot: str = "") -> None:
        try:  # remember who paged: the answer goes back to that robot
            page_id = str(json.loads(msg.data).get("page_id", ""))
        except (ValueError, AttributeError):
            page_id = ""
        if page_id:
            self._page_robot[page_id] = robot
        self.page_received.emit(msg.data)

    def _stream(self, name: str):
        signal = {"people": self.people_received}[name]

        def on_msg(msg: Any) -> None:
            # Sensor streams come at 10-50 Hz; a screen needs at most stream_rate_hz.
            now = time.monotonic()
            if now - self._last_stream_t.get(name, 0.0) >= self._stream_period_s:
                self._last_stream_t[name] = now
                signal.emit(msg)

        return on_msg

    def _check_connection(self) -> None:
        seen = self._last_status_t
        self._set_connected(seen is not None and time.monotonic() - seen < self.status_timeout_s)

    def _set_connected(self, value: bool) -> None:
        if value != self._connected:
            self._connected = value
            self.connection_changed.emit(value)

    # ---- outgoing (all return at once; answers come as signals) -----------------------------
    def _submit(self, fn, *args) -> bool:
        if self._node is None or self._executor is None:
            return False
        self._executor.create_task(fn, *args)
        return True

    def _publish_now(self, fn, *args) -> bool:
        """Publish from the caller's thread (rclpy publishers are thread-safe and do not block):
        two messages keep the order they were sent in. Executor tasks may run in parallel on
        its threads and overtake each other (a "ko" sent on connecting arrived after the
        visitor's "en", and stt_node listened in the wrong language)."""
        if self._node is None or self._executor is None:
            return False
        try:
            fn(*args)
        except Exception as exc:  # the node is being destroyed (the mode is closing)
            log.warning("robot bridge could not publish: %s", exc)
            return False
        return True

    def send_text(self, text: str, lang: str, source: str = "touch") -> bool:
        """Touched or typed input for the dialog engine (/dialog/text_in)."""
        return self._publish_now(self._publish_text, text, lang, source)

    def _publish_text(self, text: str, lang: str, source: str) -> None:
        from concierge_interfaces.msg import Utterance

        now = self._node.get_clock().now().to_msg()
        msg = Utterance(text=text, lang=lang, confidence=1.0, is_final=True, source=source)
        msg.stamp = now
        msg.speech_end = now
        self._text_pub.publish(msg)

    def send_language(self, lang: str) -> bool:
        """The visitor's language on the screen ("ko" | "en") for stt_node (/speech/language)."""
        return self._publish_now(lambda: self._lang_pub.publish(self._String(data=lang)))

    def send_go_to_place(self, place_id: str, announce: bool = True) -> None:
        self.send_mission(GO_TO_PLACE, place_id=place_id, announce=announce)

    def send_escort(self, place_id: str, lang: str, return_home: bool = True) -> None:
        self.send_mission(ESCORT, place_id=place_id, lang=lang, return_home=return_home)

    def send_tour(self, course_id: str, lang: str) -> None:
        self.send_mission(TOUR, course_id=course_id, lang=lang)

    def send_call_staff(
        self, office_id: str, reason: str, lang: str, staff_id: str = "", escort: bool = True
    ) -> None:
        self.send_mission(
            CALL_STAFF,
            office_id=office_id,
            staff_id=staff_id,
            reason=reason,
            lang=lang,
            escort_to_counter=escort,
        )

    def send_mission(self, kind: str, robot: str | None = None, **fields: Any) -> None:
        """A goal for robot (a namespace; None: the first robot)."""
        if kind not in MISSION_KINDS:
            raise ValueError(f"unknown mission {kind!r}; choose one of {', '.join(MISSION_KINDS)}")
        robot = self.robots[0] if robot is None else robot.strip("/")
        if not self._submit(self._do_send_goal, kind, fields, robot):
            self.mission_update.emit(
                MissionUpdate(
                    kind,
                    "unavailable",
                    error_msg=self.error or "ROS is not running",
                    request=fields,
                    robot=robot,
                )
            )

    def _do_send_goal(self, kind: str, fields: dict[str, Any], robot: str = "") -> None:
        self._add_robot(robot)
        client = self._robot_clients[robot]["actions"][kind]
        if not client.wait_for_server(timeout_sec=self.server_wait_s):
            self.mission_update.emit(
                MissionUpdate(
                    kind, "unavailable", error_msg=f"no {kind} server", request=fields, robot=robot
                )
            )
            return
        goal = self._types[kind].Goal(**fields)
        ended = _GoalEnd()

        def on_feedback(fb_msg: Any) -> None:
            self._on_feedback(kind, fields, fb_msg, robot, ended)

        future = client.send_goal_async(goal, feedback_callback=on_feedback)
        future.add_done_callback(lambda f: self._on_goal_response(kind, fields, f, robot, ended))

    def _on_feedback(
        self, kind: str, fields: dict[str, Any], fb_msg: Any, robot: str, ended: _GoalEnd
    ) -> None:
        fb = _msg_to_dict(fb_msg.feedback)
        with ended.lock:
            if ended.done:  # feedback that lost the race to the result: already over
                return
            self.mission_update.emit(
                MissionUpdate(
                    kind,
                    "feedback",
                    phase=str(fb.get("phase", "")),
                    feedback=fb,
                    request=fields,
                    robot=robot,
                )
            )

    def _on_goal_response(
        self, kind: str, fields: dict[str, Any], future: Any, robot: str, ended: _GoalEnd
    ) -> None:
        try:
            handle = future.result()
        except Exception as exc:  # the server went away between discovery and the goal
            self.mission_update.emit(
                MissionUpdate(kind, "unavailable", error_msg=str(exc), request=fields, robot=robot)
            )
            return
        if handle is None or not handle.accepted:
            self.mission_update.emit(MissionUpdate(kind, "rejected", request=fields, robot=robot))
            return
        if robot == self.robots[0]:
            self._goal_handles[kind] = handle
        self.mission_update.emit(MissionUpdate(kind, "accepted", request=fields, robot=robot))
        handle.get_result_async().add_done_callback(
            lambda f: self._on_result(kind, fields, f, robot, ended)
        )

    def _on_result(
        self, kind: str, fields: dict[str, Any], future: Any, robot: str, ended: _GoalEnd
    ) -> None:
        with ended.lock:
            ended.done = True
            self._emit_result(kind, fields, future, robot)

    def _emit_result(self, kind: str, fields: dict[str, Any], future: Any, robot: str) -> None:
        from action_msgs.msg import GoalStatus

        try:
            response = future.result()
        except Exception as exc:
            self._goal_handles.pop(kind, None)
            self.mission_update.emit(
                MissionUpdate(kind, "failed", error_msg=str(exc), request=fields, robot=robot)
            )
            return
        self._goal_handles.pop(kind, None)
        result = response.result
        stage = {
            GoalStatus.STATUS_SUCCEEDED: "succeeded",
            GoalStatus.STATUS_CANCELED: "canceled",
        }.get(response.status, "failed")
        self.mission_update.emit(
            MissionUpdate(
                kind,
                stage,
                error_code=int(getattr(result, "error_code", 0)),
                error_msg=str(getattr(result, "error_msg", "")),
                feedback=_msg_to_dict(result),
                request=fields,
                robot=robot,
            )
        )

    def cancel_mission(self, kind: str) -> bool:
        handle = self._goal_handles.get(kind)
        if handle is None:
            return False
        return self._submit(handle.cancel_goal_async)

    def mission_control(self, command: str, robot: str | None = None) -> None:
        """pause | resume | cancel | skip | repeat | end | estop | release_estop, for robot (a
        namespace; None: the first robot)."""
        if command not in MISSION_CONTROL_COMMANDS:
            raise ValueError(f"unknown mission_control command {command!r}")
        robot = self.robots[0] if robot is None else robot.strip("/")
        if not self._submit(self._call, "control", (robot, command)):
            why = self.error or "ROS is not running"
            self.control_reply.emit(command, False, why)
            self.robot_control_reply.emit(robot, command, False, why)

    def ack_page(self, page_id: str, staff_id: str, accept: bool) -> None:
        if not self._submit(self._call, "ack", (page_id, staff_id, accept)):
            self.ack_reply.emit(page_id, False, self.error or "ROS is not running")

    def _call(self, what: str, arg: Any) -> None:
        if what == "control":
            robot, command = arg
            self._add_robot(robot)
            client = self._robot_clients[robot]["control"]
            key, request = command, self._MissionControl.Request(command=command)

            def reply_emit(key: str, ok: bool, message: str) -> None:
                if robot == self.robots[0]:
                    self.control_reply.emit(key, ok, message)
                self.robot_control_reply.emit(robot, key, ok, message)

            reply = _Emit(reply_emit)
        else:
            page_id, staff_id, accept = arg
            robot = self._page_robot.get(page_id, "")
            client = self._robot_clients.get(robot, {}).get("ack") or self._ack
            key = page_id
            request = self._PageAck.Request(page_id=page_id, staff_id=staff_id, accept=accept)
            reply = self.ack_reply
        if not client.wait_for_service(timeout_sec=self.server_wait_s):
            reply.emit(key, False, f"no {client.srv_name} service")
            return

        def done(future: Any) -> None:
            try:
                res = future.result()
            except Exception as exc:
                reply.emit(key, False, str(exc))
                return
            reply.emit(key, bool(res.success), str(res.message))

        client.call_async(request).add_done_callback(done)


@dataclass
class _GoalEnd:
    """Feedback and the result of one goal arrive on different executor threads; once the
    result is out, late feedback is dropped (else "finished" feedback could overwrite
    "succeeded" on the screen). The lock keeps the two emits in order."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    done: bool = False


class _Emit:
    """A callable that looks like a bound signal (emit)."""

    def __init__(self, fn) -> None:
        self.emit = fn
