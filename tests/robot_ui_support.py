"""What tests/robot_screen and tests/console share (their conftest.py files take the fixtures
from here): the kiosk context; a tiny stand-in robot, a real rclpy node over DDS (its own
Context and executor thread) that publishes RobotStatus / Intent / staff pages and serves
mission_control, staff_pager/ack and the escort, call_staff and tour actions, recording every
request it gets; and the in-shell screenshot check (nothing clipped, nothing too tall).

ROBOT_UI_SHOTS=docs/screenshots/robot_ui also saves each screen as a PNG there (look at them
for clipped or tofu Korean text)."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from concierge_content.i18n import load_strings
from PyQt6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk_ui.modes.base import Accessibility, KioskContext

SHOTS = os.environ.get("ROBOT_UI_SHOTS")


@pytest.fixture
def ctx(tmp_path: Path) -> KioskContext:
    return KioskContext(
        strings=load_strings(), var_dir=tmp_path, lang="ko", accessibility=Accessibility()
    )


@pytest.fixture
def no_robot(monkeypatch):
    """A DDS domain nobody else in this test run uses: whatever runs elsewhere stays unheard."""
    monkeypatch.setenv("ROS_DOMAIN_ID", "101")


@pytest.fixture(scope="module")
def city_hall():
    """The city hall's content as the robot screen reads it (all of it loads)."""
    from kiosk_ui.site_content import SiteContent

    content = SiteContent.load("city_hall")
    assert content.problems == []
    return content


@pytest.fixture
def styled(qapp, ctx):
    """The shell's style sheet, as the kiosk app applies it."""
    from kiosk_ui import theme

    qapp.setStyleSheet(theme.style_sheet(ctx.accessibility))
    yield qapp
    qapp.setStyleSheet("")


class FakeRobot:
    """Plays mission_manager + dialog + staff pager for the screens, over real DDS."""

    def __init__(self) -> None:
        import rclpy
        from concierge_interfaces.action import CallStaff, Escort, Tour
        from concierge_interfaces.msg import Intent, Person, PersonArray, RobotStatus, Utterance
        from concierge_interfaces.srv import MissionControl, PageAck
        from rclpy.action import ActionServer
        from rclpy.callback_groups import ReentrantCallbackGroup
        from rclpy.executors import MultiThreadedExecutor
        from rclpy.signals import SignalHandlerOptions
        from std_msgs.msg import String

        self.controls: list[str] = []
        self.acks: list[tuple[str, str, bool]] = []
        self.goals: list[tuple[str, dict]] = []
        self.heard: list[tuple[str, str, str]] = []  # (text, lang, source) on /dialog/text_in
        self.tour_end = threading.Event()
        self.status = RobotStatus(
            robot_name="lobby1",
            site="city_hall",
            state=0,
            state_text="idle",
            battery_percent=87.0,
            x=30.0,
            y=8.0,
        )
        self.context = rclpy.Context()
        rclpy.init(context=self.context, signal_handler_options=SignalHandlerOptions.NO)
        node = rclpy.create_node("fake_robot", context=self.context)
        group = ReentrantCallbackGroup()
        self.status_pub = node.create_publisher(RobotStatus, "/robot/status", 10)
        self.intent_pub = node.create_publisher(Intent, "/dialog/intent", 10)
        from rclpy.qos import DurabilityPolicy, QoSProfile

        latched = QoSProfile(depth=20, durability=DurabilityPolicy.TRANSIENT_LOCAL)
        self.pages_pub = node.create_publisher(String, "/staff/pages", latched)  # as the robot
        self.people_pub = node.create_publisher(PersonArray, "/people", 10)
        self._Person, self._PersonArray = Person, PersonArray
        node.create_timer(0.2, lambda: self.status_pub.publish(self.status), callback_group=group)
        node.create_subscription(Utterance, "/dialog/text_in", self._heard, 10)
        self.languages: list[str] = []  # /speech/language, as stt_node hears it
        node.create_subscription(
            String, "/speech/language", lambda m: self.languages.append(m.data), latched
        )
        node.create_service(MissionControl, "mission_control", self._control, callback_group=group)
        node.create_service(PageAck, "staff_pager/ack", self._ack, callback_group=group)
        self._servers = [
            ActionServer(node, Escort, "escort", self._escort, callback_group=group),
            ActionServer(node, CallStaff, "call_staff", self._call_staff, callback_group=group),
            ActionServer(node, Tour, "tour", self._tour, callback_group=group),
        ]
        self.node = node
        self.executor = MultiThreadedExecutor(num_threads=8, context=self.context)
        self.executor.add_node(node)
        self.thread = threading.Thread(target=self.executor.spin, daemon=True)
        self.thread.start()
        self._Intent, self._String = Intent, String

    # -- servers --
    def _heard(self, msg) -> None:
        """Plays the dialog node: typed text in, an Intent with a reply out."""
        self.heard.append((msg.text, msg.lang, msg.source))
        self.say(f"답변: {msg.text}", intent="hours")

    def _control(self, request, response):
        self.controls.append(request.command)
        if request.command == "end":
            self.tour_end.set()
        response.success = request.command != "skip"  # a refusal the UI must show
        response.message = "nothing to skip" if request.command == "skip" else "ok"
        return response

    def _ack(self, request, response):
        self.acks.append((request.page_id, request.staff_id, request.accept))
        response.success, response.message = True, "recorded"
        return response

    def _record(self, kind: str, goal) -> None:
        fields = {n: getattr(goal, n) for n in goal.get_fields_and_field_types()}
        self.goals.append((kind, fields))

    def _escort(self, handle):
        from concierge_interfaces.action import Escort

        self._record("escort", handle.request)
        for phase in ("leading", "arrived"):
            handle.publish_feedback(Escort.Feedback(phase=phase, follower_visible=True))
            time.sleep(0.05)
        handle.succeed()
        return Escort.Result(distance_travelled_m=12.0)

    def _call_staff(self, handle):
        from concierge_interfaces.action import CallStaff

        self._record("call_staff", handle.request)
        handle.publish_feedback(CallStaff.Feedback(phase="paging", expected_wait_s=180.0))
        time.sleep(0.05)
        handle.publish_feedback(CallStaff.Feedback(phase="acknowledged", staff_name="이미자"))
        time.sleep(0.05)
        handle.succeed()
        return CallStaff.Result(staff_id="lee_mija", staff_name="이미자")

    def _tour(self, handle):
        from concierge_interfaces.action import Tour

        self._record("tour", handle.request)
        handle.publish_feedback(Tour.Feedback(phase="narrating", stop_index=0, stop_count=3))
        self.tour_end.wait(timeout=20.0)
        handle.publish_feedback(Tour.Feedback(phase="finished", stop_index=2, stop_count=3))
        handle.succeed()
        return Tour.Result(stops_visited=1)

    # -- publishing --
    def say(self, reply: str, intent: str = "find_place", place_id: str = "") -> None:
        self.intent_pub.publish(
            self._Intent(intent=intent, reply=reply, place_id=place_id, lang="ko", confidence=0.9)
        )

    def ask_back(self, question: str, labels: list[str], utterances: list[str]) -> None:
        """The dialog's confirmation: a question with touch answers (nothing acted on yet)."""
        self.intent_pub.publish(
            self._Intent(
                intent="confirm",
                reply=question,
                lang="ko",
                confirm=True,
                choice_labels=labels,
                choice_utterances=utterances,
            )  # fmt: skip
        )

    def people(self, engaged: bool) -> None:
        person = self._Person(id="v1", is_engaged=engaged, radius=0.3)
        person.pose.position.x, person.pose.position.y = 31.0, 8.5
        self.people_pub.publish(self._PersonArray(people=[person]))

    def page(self, **fields) -> None:
        self.pages_pub.publish(self._String(data=json.dumps(fields)))

    def publish_raw_page(self, text: str) -> None:
        self.pages_pub.publish(self._String(data=text))

    def close(self) -> None:
        self.tour_end.set()
        self.executor.shutdown(timeout_sec=2.0)
        self.thread.join(timeout=3.0)
        for server in self._servers:
            server.destroy()
        self.node.destroy_node()
        self.context.try_shutdown()


@pytest.fixture(scope="module")
def fake_robot():
    robot = FakeRobot()
    yield robot
    robot.close()


@pytest.fixture
def robot(fake_robot):
    """The module's stand-in robot, with its records cleared for this test."""
    fake_robot.controls.clear()
    fake_robot.acks.clear()
    fake_robot.goals.clear()
    fake_robot.heard.clear()
    fake_robot.languages.clear()  # an earlier screen's "ko" must not stand in for this one's
    fake_robot.tour_end.clear()
    fake_robot.status.state, fake_robot.status.state_text = 0, "idle"
    fake_robot.status.site = "city_hall"
    return fake_robot


# ---- screenshots in the real shell -------------------------------------------------------------
def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons whose text does not fit their box."""
    problems = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 1:
            continue
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.wordWrap():
                if w.heightForWidth(w.width()) > w.height() + 2:
                    problems.append(f"{w.objectName() or w.text()[:20]}: too low")
            elif w.sizeHint().width() > w.width() + 2:
                problems.append(f"{w.objectName() or w.text()[:20]}: too narrow")
        elif isinstance(w, QAbstractButton) and w.text():
            need = w.fontMetrics().horizontalAdvance(w.text())
            if need > w.width() - 8:
                problems.append(f"{w.objectName()} '{w.text()}': {need}px in {w.width()}px")
    return problems


@pytest.fixture(params=[False, True], ids=["normal", "large"])
def shell(request, qtbot, monkeypatch, tmp_path):
    """The kiosk shell, 1280x800, normal and large text, with no robot (the offline state)."""
    from kiosk_ui.app import KioskWindow, ShellConfig

    monkeypatch.setenv("ROS_DOMAIN_ID", "101")  # no robot: the shots show the offline state
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path))
    config = ShellConfig(
        fullscreen=False,
        accessibility=Accessibility(large_text=request.param, voice_guidance=False),
    )
    win = KioskWindow(config)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win, ("large" if request.param else "normal")
    win.shutdown()


def shoot(qtbot, win, name: str, problems: list[str]) -> None:
    """Check the window as it is now (and save it under ROBOT_UI_SHOTS when set)."""
    qtbot.wait(30)  # let the layout settle (no condition to wait on: it is one event loop pass)
    problems += [f"{name}: {p}" for p in clipped(win)]
    if win.height() > 800:
        problems.append(f"{name}: the 800 px screen is {win.height()} px high")
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        win.grab().save(str(Path(SHOTS) / f"{name}.png"))
