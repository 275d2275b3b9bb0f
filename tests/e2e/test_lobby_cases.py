"""What happens every day in a city-hall lobby, on the real stack: staff paged over HTTP (no
answer -> the next official; the service down -> a clear answer), the emergency stop from a
topic and from the console's service, a low battery mid-escort, and the mission log of it all."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys

import pytest
import requests
from action_msgs.msg import GoalStatus
from concierge_content.i18n import load_strings
from concierge_interfaces.action import CallStaff, Escort, GoToPlace
from concierge_interfaces.srv import MissionControl
from e2e_helpers import (
    frozen_at_status,
    go_to,
    heard,
    matched,
    said,
    sim_command,
    start_stack,
    wait_status,
)
from geometry_msgs.msg import Twist
from std_msgs.msg import Bool, String

pytestmark = pytest.mark.e2e

CONTROL_PERIOD_S = 0.1  # navigation.yaml controller_frequency 10 Hz
STEP_S = 0.1  # the simulator's lockstep step


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = start_stack(tmp_path_factory, scenario="light", seed=17)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def api(stack):
    return f"http://127.0.0.1:{stack.paging_port}/api"


@pytest.fixture
def pages(ros):
    seen: list[dict] = []
    ros.subscribe(
        "/staff/pages", String, lambda m: seen.append(json.loads(m.data)), latched=True, depth=20
    )
    matched(ros, "/staff/pages")
    return seen


def open_pages(ros, api: str, staff_id: str) -> list[dict]:
    """The service's open pages once the robot's page to staff_id has arrived (the robot sends
    it in the background as it publishes it; the world is held meanwhile)."""

    def arrived():
        got = requests.get(f"{api}/pages", params={"status": "open"}, timeout=5).json()
        return any(p["staff_id"] == staff_id for p in got) and got

    return ros.wait_for(arrived, 15, f"the page to {staff_id} on the paging service", 0.02)


def control(ros, command: str):
    return ros.call(MissionControl, "mission_control", MissionControl.Request(command=command))


@pytest.fixture(autouse=True)
def released(stack, ros):
    """Whatever a test does, the next one starts with the e-stop released: one failing
    e-stop test must not fail every test after it."""
    yield
    control(ros, "release_estop")


def test_unknown_staff_is_refused_and_nobody_is_paged(stack, ros, api):
    handle = ros.send_goal(
        CallStaff, "call_staff",
        CallStaff.Goal(office_id="saebit_office", staff_id="nobody", lang="ko"),
        server_timeout_s=90.0)  # fmt: skip
    res = ros.result(handle, 30, "the refusal")
    assert res.status == GoalStatus.STATUS_ABORTED
    assert res.result.error_code == CallStaff.Result.UNKNOWN_STAFF
    assert "nobody" in res.result.error_msg
    assert requests.get(f"{api}/pages", timeout=5).json() == []


def test_an_unanswered_page_escalates_and_an_api_ack_brings_the_next_official(
    stack, ros, api, pages
):
    said(ros)
    handle = ros.send_goal(
        CallStaff, "call_staff",
        CallStaff.Goal(office_id="saebit_office", reason="연금 상담", lang="ko"))  # fmt: skip
    with ros.frozen_when(lambda: pages and pages[-1], 30, "the first page") as first:
        got = open_pages(ros, api, first["staff_id"])
        assert [(p["staff_id"], p["level"]) for p in got] == [(first["staff_id"], 0)]
    # Nobody answers: after staff_escalate_after_s (60 s of robot time) the next official.
    escalated = lambda: pages[-1]["level"] == 1 and pages[-1]
    with ros.frozen_when(escalated, 90, "the escalation") as second:
        assert ros.sim_now() - first["created"] >= 60.0 - 1e-6
        assert second["staff_id"] != first["staff_id"]
        got = open_pages(ros, api, second["staff_id"])
        assert [(p["staff_id"], p["level"]) for p in got] == [(second["staff_id"], 1)]
        page_id = got[0]["page_id"]
        wrong = requests.post(f"{api}/pages/{page_id}/ack", timeout=5,
                              json={"staff_id": first["staff_id"], "accept": True})  # fmt: skip
        assert wrong.status_code in (403, 409), wrong.text
        ok = requests.post(f"{api}/pages/{page_id}/ack", timeout=5,
                           json={"staff_id": second["staff_id"], "accept": True})  # fmt: skip
        assert ok.status_code == 200, ok.text
    res = ros.result(handle, 60, "call_staff to finish")
    assert res.status == GoalStatus.STATUS_SUCCEEDED, res.result.error_msg
    assert res.result.staff_id == second["staff_id"] and res.result.staff_name
    escalated_text = load_strings().t("mission.staff_escalated", "ko")
    heard(ros, lambda t: t == escalated_text, "the visitor told another official is paged")
    heard(ros, lambda t: res.result.staff_name in t, "the visitor told who is coming")


def test_estop_from_the_topic_stops_within_a_control_period_and_needs_a_release(stack, ros):
    ros.subscribe("/cmd_vel", Twist)
    matched(ros, "/cmd_vel")
    estop = ros.node.create_publisher(Bool, "/estop", 10)
    ros.wait_for(lambda: estop.get_subscription_count() > 0, 30, "the mission manager on /estop")
    handle = ros.send_goal(GoToPlace, "go_to_place", GoToPlace.Goal(place_id="tax_office"))
    driving = lambda: (c := ros.latest("/cmd_vel")) is not None and c.linear.x > 0.1
    moving = lambda s: s.task_state == "underway" and s.task_progress > 0.1 and driving()
    ros.subscribe("/estop/state", Bool, latched=True)
    with frozen_at_status(ros, moving, 90, "the robot driving"):
        estop.publish(Bool(data=True))
        t_pressed = ros.sim_now()
        # A real press reaches the base in milliseconds, far inside one 100 ms control period.
        # In lockstep a step can take less wall time than two DDS hops, so the world stays
        # held until the press has gone through the mission manager (estop/state, the one
        # source of truth) and the navigator has zeroed the base; otherwise the figure below
        # would measure the machine's load, not the robot.
        ros.wait_for(lambda: (m := ros.latest("/estop/state")) is not None and m.data, 10,
                     "the mission manager to engage the e-stop", 0.002)  # fmt: skip
        ros.wait_for(lambda: not driving(), 10, "the navigator to zero the base", 0.002)
    stopped = lambda: (c := ros.latest("/cmd_vel")).linear.x == 0.0 and c.angular.z == 0.0
    ros.wait_sim(stopped, 1.0, "zero velocity")
    assert ros.sim_now() - t_pressed <= CONTROL_PERIOD_S + STEP_S + 1e-6
    res = ros.result(handle, 10, "the mission to end")
    assert res.status == GoalStatus.STATUS_ABORTED
    assert res.result.error_code == GoToPlace.Result.EMERGENCY_STOP
    status = wait_status(ros, lambda s: s.task_state == "stopped", 2, "the stopped mission")
    assert status.state_text == "emergency_stop"
    # false on the topic is not a release, and nothing moves until an operator releases
    estop.publish(Bool(data=False))
    refused = ros.result(
        ros.send_goal(GoToPlace, "go_to_place", GoToPlace.Goal(place_id="cafe")), 10, "refusal"
    )
    assert refused.result.error_code == GoToPlace.Result.EMERGENCY_STOP
    assert control(ros, "release_estop").success
    wait_status(ros, lambda s: s.state_text != "emergency_stop", 2, "the release")
    go_to(ros, "information_desk")


def test_estop_from_the_console_stops_the_escort_as_stopped(stack, ros):
    sim_command(ros, op="summon_follower", distance_m=1.2)
    phases: list[str] = []
    handle = ros.send_goal(
        Escort, "escort",
        Escort.Goal(place_id="civil_documents", visitor_id="follower", lang="ko"),
        on_feedback=lambda fb: phases.append(fb.phase))  # fmt: skip
    with ros.frozen_when(lambda: "leading" in phases, 60, "the escort leading"):
        reply = control(ros, "estop")  # what the console's e-stop button calls
    assert reply.success, reply.message
    res = ros.result(handle, 10, "the escort to end")
    assert res.result.error_code == Escort.Result.EMERGENCY_STOP
    wait_status(ros, lambda s: s.task_state == "stopped" and s.state_text == "emergency_stop",
                2, "stopped")  # fmt: skip
    assert not control(ros, "resume").success  # a pause's resume is not a release
    assert control(ros, "release_estop").success
    sim_command(ros, op="stop_following", id="follower")


def test_low_battery_mid_escort_hands_off_politely_then_docks(stack, ros):
    go_to(ros, "information_desk")
    said(ros)
    sim_command(ros, op="summon_follower", distance_m=1.2)
    phases: list[str] = []
    left: list[float] = []

    def feedback(fb) -> None:
        phases.append(fb.phase)
        left.append(fb.distance_remaining_m)

    handle = ros.send_goal(
        Escort, "escort",
        Escort.Goal(place_id="jobs_center", visitor_id="follower", return_home=True, lang="ko"),
        on_feedback=feedback)  # fmt: skip
    # on the way, still much further than handoff_distance_m (12 m) from the place
    far = lambda: phases and phases[-1] == "leading" and 0.0 < left[-1] < 26.0
    with ros.frozen_when(far, 60, "the escort on its way"):
        sim_command(ros, op="set_battery", pct=17.0)
    res = ros.result(handle, 60, "the hand-off")
    assert res.status == GoalStatus.STATUS_ABORTED
    assert res.result.error_code == Escort.Result.LOW_BATTERY
    handoff = heard(ros, lambda t: "배터리가 부족" in t, "the hand-off")
    assert "일자리" in handoff and "미터" in handoff, handoff  # where to go on alone
    docked = wait_status(ros, lambda s: s.docked, 300, "the robot to dock by itself")
    assert docked.battery_percent < 20.0


def test_a_robot_docked_at_5_percent_refuses_missions_and_stays_put(stack, ros):
    # settled on its dock: the dock task over too ("docked" is the battery charging, which the
    # status shows a moment before the dock action ends), else the refusal below would race
    # that task's end
    wait_status(
        ros,
        lambda s: s.docked and s.state_text == "charging",
        300,
        "the robot charging on its dock",
    )
    sim_command(ros, op="set_battery", pct=5.0)
    wait_status(ros, lambda s: s.battery_percent < 6.0, 5, "the battery reading")
    handle = ros.send_goal(GoToPlace, "go_to_place", GoToPlace.Goal(place_id="cafe"))
    res = ros.result(handle, 10, "the refusal")
    assert res.status == GoalStatus.STATUS_ABORTED
    assert res.result.error_code == GoToPlace.Result.BATTERY_TOO_LOW
    assert "%" in res.result.error_msg
    status = wait_status(ros, lambda s: True, 2, "status")
    assert status.docked and status.state_text == "charging"
    sim_command(ros, op="set_battery", pct=90.0)
    wait_status(ros, lambda s: s.battery_percent > 80.0, 5, "the battery reading")


def test_paging_service_down_gets_a_clear_spoken_answer_not_a_hang(stack, ros):
    said(ros)
    os.killpg(stack.process("paging_service").pid, signal.SIGKILL)
    stack.process("paging_service").wait(10)
    handle = ros.send_goal(
        CallStaff, "call_staff", CallStaff.Goal(office_id="saebit_office", lang="ko")
    )
    res = ros.result(handle, 60, "the answer without the paging service")
    assert res.status == GoalStatus.STATUS_ABORTED
    assert res.result.error_code == CallStaff.Result.PAGING_UNAVAILABLE
    assert "paging service" in res.result.error_msg
    sorry = load_strings().t("paging.robot_unavailable", "ko")
    heard(ros, lambda t: t == sorry, "the explanation")


def test_mission_log_lists_every_mission_and_exports_csv(stack, tmp_path):
    out = tmp_path / "missions.csv"
    env = {**os.environ, "CONCIERGE_VAR": str(stack.var_dir)}
    cli = [sys.executable, "-m", "concierge_bringup.cli", "missions"]
    table = subprocess.run([*cli, "log", "--lang", "en"], env=env, capture_output=True,
                           text=True, timeout=60)  # fmt: skip
    assert table.returncode == 0, table.stderr
    subprocess.run([*cli, "log", "--csv", str(out)], env=env, check=True, timeout=60)
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    kinds = [(r["kind"], r["outcome"]) for r in rows]
    assert ("call_staff", "succeeded") in kinds
    assert ("go_to_place", "stopped") in kinds and ("escort", "stopped") in kinds
    assert ("escort", "failed") in kinds or ("escort", "gave_up") in kinds  # the hand-off
    assert ("go_to_place", "rejected") in kinds  # docked at 5 %: refused, and logged
    done = [r for r in rows if r["outcome"] != "rejected"]  # refused: it never started
    bad = [r for r in done if not (r["started_at"] and r["duration_s"] and r["requested_by"])]
    assert not bad, bad
