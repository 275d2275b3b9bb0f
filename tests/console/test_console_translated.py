"""Every console screen and the robot screen's state and mission lines, rendered in Korean with
every state, task, phase, alert and log line a robot can cause: no untranslated i18n key and no
English status word (the issue's "escort (underway)", "escort to passport_office: leading")."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from PyQt6.QtWidgets import QAbstractButton, QComboBox, QLabel, QListWidget, QTabWidget

from kiosk_ui.console.fleet import IDLE, WORKING
from kiosk_ui.modes.operator import OperatorMode
from kiosk_ui.rosbridge import MissionUpdate

pytestmark = pytest.mark.gui
ROBOT_SRC = Path(__file__).parents[2] / "ros_ws/src/concierge_robot/concierge_robot"
STATES = ("idle", "working", "charging", "paused", "error", "emergency_stop")
TASK_TYPES = ("go_to_place", "escort", "tour", "call_staff", "dock")
TASK_STATES = ("queued", "underway", "paused", "completed", "failed", "canceled", "stopped")
STAGES = ("unavailable", "rejected", "accepted", "succeeded", "failed", "canceled")
# ids, numbers and names that are not words to translate
ALLOWED = {"robot1", "robot2", "docent1", "arboretum", "pg7", "lee_mija", "stt", "ROS", "ros", "m"}


def robot_phases() -> set[str]:
    """Every phase the mission manager can report, read from its source."""
    text = "\n".join(p.read_text() for p in ROBOT_SRC.rglob("*.py"))
    found = set(re.findall(r'phase\s*=\s*"(\w+)"', text))
    found |= set(re.findall(r'"(\w+)" if waited', text))
    found |= set(re.findall(r'NavigateTo\([^()]*(?:\([^()]*\)[^()]*)*"(\w+)"\)', text))
    found |= set(re.findall(r'PortCall\(\s*[^"]*"(\w+)"', text, re.S))
    found |= set(re.findall(r'super\(\).__init__\(ctx, pose, "(\w+)"', text))
    found |= set(re.findall(r'ctx\.phase, [^=]*= "(\w+)"', text))
    return found


def status(**kw):
    base = dict(
        robot_name="lobby",
        site="city_hall",
        state=WORKING,
        state_text="working",
        docked=False,
        task_id="m1",
        task_type="escort",
        task_state="underway",
        task_detail="escort to passport_office: leading, 12.3 m left",
        task_target="passport_office",
        task_phase="leading",
        distance_remaining_m=12.3,
        task_progress=0.4,
        battery_percent=15.0,
        errors=["stt: microphone not available"],
        x=1.0,
        y=2.0,
        yaw=0.0,
    )
    base.update(kw)
    return SimpleNamespace(**base)


def visible_texts(root) -> list[str]:
    out = []
    for w in root.findChildren(QLabel):
        out.append(w.text())
    for w in root.findChildren(QAbstractButton):
        out.append(w.text())
    for w in root.findChildren(QListWidget):
        out += [w.item(i).text() for i in range(w.count())]
    for w in root.findChildren(QComboBox):
        out += [w.itemText(i) for i in range(w.count())]
    for w in root.findChildren(QTabWidget):
        out += [w.tabText(i) for i in range(w.count())]
    return [t for t in out if t]


@functools.cache
def content_words(site: str = "city_hall") -> frozenset[str]:
    """Latin words that are part of the site's Korean names (e.g. "ATM 코너")."""
    from kiosk_ui.site_content import SiteContent

    content = SiteContent.load(site)
    names = [
        i.label("ko") for kind in ("places", "courses", "services") for i in getattr(content, kind)
    ]
    return frozenset(w for n in names for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]+", n))


def english_words(texts: list[str], strings) -> list[str]:
    """Untranslated keys and English words left in Korean text."""
    allowed = ALLOWED | content_words() | content_words("arboretum")
    problems = []
    keys = set(strings.keys())
    for text in texts:
        if any(k in text for k in keys if "." in k and k in text):
            problems.append(f"i18n key in {text!r}")
        bare = re.sub(r"/[\w/]+", "", text)  # topic names like /robot/status are names
        for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]+", bare):
            if word not in allowed:
                problems.append(f"{word!r} in {text!r}")
    return problems


def test_every_phase_the_robot_reports_has_words_on_both_screens(ctx):
    phases = robot_phases()
    assert {"leading", "waiting_for_visitor", "starting", "docking"} <= phases
    for prefix in ("operator.phase_", "robot_screen.phase_"):
        missing = sorted(p for p in phases if not ctx.strings.has(prefix + p))
        assert not missing, f"{prefix}: no words for {missing}"


def test_console_in_korean_shows_no_english_status_and_no_key(qtbot, styled, ctx, no_robot):
    ctx.lang = "ko"
    mode = OperatorMode(ctx, site="city_hall", robots=["robot1", "robot2", "arboretum", "docent1"])
    view = mode.build(None)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    model = mode.model
    model.connected = True
    problems: list[str] = []

    def check(what: str) -> None:
        view.tick()
        view.refresh()
        problems.extend(f"{what}: {p}" for p in english_words(visible_texts(view), ctx.strings))

    check("empty")
    model.on_status(status(), "robot1")
    model.on_status(status(state=IDLE, state_text="idle", task_id="", errors=[]), "robot2")
    model.inbox.add(
        json.dumps(
            {
                "page_id": "pg7",
                "office_id": "passport_office",
                "staff_id": "lee_mija",
                "reason": "서류 상담",
                "level": 1,
            }
        )
    )
    view._page(json.dumps({"page_id": "pg7", "office_id": "passport_office", "level": 1}))
    check("working")
    for state in STATES:
        for task_type in TASK_TYPES:
            for task_state in TASK_STATES:
                model.on_status(
                    status(state_text=state, task_type=task_type, task_state=task_state), "robot1"
                )
                check(f"{state}/{task_type}/{task_state}")
    for phase in sorted(robot_phases()):
        model.on_status(status(task_phase=phase), "robot1")
        check(f"phase {phase}")
    for stage in STAGES:
        view._mission_update(
            MissionUpdate(
                "escort",
                stage,
                phase="leading",
                error_code=3,
                error_msg="navigation failed: no path",
                robot="robot1",
            )
        )
    view._control_reply("robot1", "estop", False, "mission_control: not available")
    view._ack_reply("pg7", False, "page already answered")
    for kind in TASK_TYPES:
        model.order(kind, "passport_office", "robot2")
    check("log and queue")
    view.tabs.setCurrentIndex(1)
    view._figures = __import__("kiosk_ui.console.stats", fromlist=["figures"]).figures(
        [("escort", "succeeded", "passport_office"), ("tour", "failed", "")], None
    )
    check("figures")
    # the arboretum's docent on the same console: its map, courses and mission in Korean
    view.tabs.setCurrentIndex(0)
    model.on_status(
        status(site="arboretum", task_type="tour", task_target="quick_highlights",
               task_phase="leading"), "docent1",
    )  # fmt: skip
    model.select("docent1")
    view._follow_selected_site()
    assert view.shown_site == "arboretum"
    check("arboretum")
    assert not problems, "\n".join(sorted(set(problems))[:40])
    assert model.alerts.active()  # battery low, node down (stt), … were all rendered above


def test_robot_screen_state_and_mission_lines_in_korean_have_no_english(qtbot, styled, ctx):
    from kiosk_ui.modes.robot import RobotScreenMode
    from kiosk_ui.robot_screen import answers

    ctx.lang = "ko"
    mode = RobotScreenMode(ctx, site="city_hall")
    view = mode.build(None)
    qtbot.addWidget(view)
    model = mode.model
    model.connected = True
    problems = []
    for state in (*STATES, "something_new"):
        view._status(SimpleNamespace(state_text=state, x=0.0, y=0.0, yaw=0.0))
        problems += english_words([view.state_label.text()], ctx.strings)
    for kind in ("escort", "go_to_place", "tour", "call_staff"):
        for phase in sorted(robot_phases()):
            model.start_mission(kind, "passport_office")
            model.on_mission_update(MissionUpdate(kind, "feedback", phase=phase, feedback={}))
            problems += english_words(list(answers.mission_lines(model, ctx.t, "ko")), ctx.strings)
        for stage in STAGES:
            model.on_mission_update(MissionUpdate(kind, stage, error_msg="no path"))
            problems += english_words(list(answers.mission_lines(model, ctx.t, "ko")), ctx.strings)
    assert not problems, "\n".join(sorted(set(problems)))
