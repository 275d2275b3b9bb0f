"""MissionRunner without ROS: one mission at a time, e-stop and operator win, low battery docks,
and every mission (also a refused one) is in the mission log."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from concierge_robot.config import MissionConfig
from concierge_robot.mission_log import MissionLog
from concierge_robot.missions import MISSIONS
from concierge_robot.missions.base import Env, Refusal
from concierge_robot.runner import MissionRunner
from concierge_robot.site_data import SiteData
from concierge_robot.staff_pager import StaffPager
from test_mission_trees import Clock, make_ctx

CITY = SiteData("city_hall")


@pytest.fixture
def robot(tmp_path):
    clock = Clock()
    ctx = make_ctx(clock)
    ctx.pose = (30.0, 8.3, 0.0)
    env = Env(ctx, CITY, MissionConfig(robot_name="lobby1"), {"pager": StaffPager(60.0)})
    log = MissionLog(tmp_path / "missions.db")
    runner = MissionRunner(env, log, logger=lambda msg: None)
    yield SimpleNamespace(clock=clock, ctx=ctx, env=env, runner=runner, log=log)
    log.close()


def go(robot, place_id="passport_office"):
    plan = MISSIONS["go_to_place"](SimpleNamespace(place_id=place_id, announce=False), robot.env)
    return robot.runner.start(plan)


def run(robot, ticks=1):
    ended = None
    for _ in range(ticks):
        robot.clock.t += 0.1
        ended = robot.runner.tick() or ended
    return ended


def test_a_mission_runs_to_its_end_and_is_logged(robot):
    m = go(robot)
    run(robot, 3)
    robot.ctx.nav.finish()
    assert run(robot, 2) is m and m.outcome == "succeeded"
    rows = robot.log.list()
    assert [(r.kind, r.target, r.outcome, r.robot) for r in rows] == [
        ("go_to_place", "passport_office", "succeeded", "lobby1")
    ]


def test_estop_ends_the_mission_as_stopped_and_blocks_until_released(robot):
    m = go(robot)
    run(robot, 3)
    ok, _ = robot.runner.control("estop", by="console")
    assert ok and m.outcome == "stopped" and robot.ctx.nav.cancels >= 1
    with pytest.raises(Refusal, match="emergency stop"):
        go(robot)
    assert robot.runner.control("resume")[0] is False  # nothing runs; resume is not a release
    assert robot.runner.control("release_estop", by="console") == (True, "emergency stop released")
    go(robot)  # allowed again
    assert robot.log.list(outcome="stopped")[0].error_code == 906


def test_a_robot_docked_at_5_percent_refuses_to_leave_and_nothing_starts(robot):
    robot.ctx.docked, robot.ctx.battery_pct = True, 5.0
    with pytest.raises(Refusal, match="battery 5 %") as refused:
        go(robot)
    assert refused.value.code == 907 and robot.runner.mission is None
    assert robot.ctx.undock.sent == []  # not even undocked


def test_a_low_robot_on_its_way_to_charge_refuses_new_visitors_and_keeps_docking(robot):
    robot.ctx.battery_pct = 15.0
    run(robot)  # idle and low: it sets off for the dock
    docking = robot.runner.mission
    assert docking is not None and docking.kind == "dock"
    with pytest.raises(Refusal, match="battery 15 %: going to charge first") as refused:
        go(robot)
    assert refused.value.code == 907 and robot.runner.mission is docking
    robot.ctx.docked, robot.ctx.battery_pct = True, 15.0  # on the charger, above 10 %
    go(robot)  # may leave again (min_departure_pct)


def test_low_battery_when_idle_sends_the_robot_to_its_dock(robot):
    robot.ctx.battery_pct = 15.0
    run(robot)
    m = robot.runner.mission
    assert m is not None and m.kind == "dock" and m.requested_by == "auto"
    run(robot, 2)  # it says so first, then the dock_robot goal goes out
    assert robot.ctx.dock.sent


def test_a_newer_mission_preempts_the_running_one(robot):
    first = go(robot)
    run(robot, 2)
    second = go(robot, "tax_office")
    assert first.outcome == "preempted" and robot.runner.mission is second


def test_tour_commands_are_refused_for_other_missions(robot):
    go(robot)
    assert robot.runner.control("skip") == (False, "skip only applies to a tour")
    assert robot.runner.control("fly")[0] is False


def test_a_refused_request_is_logged_as_rejected(robot):
    try:
        MISSIONS["escort"](
            SimpleNamespace(place_id="moon", visitor_id="", return_home=True, lang="ko"),
            robot.env,
        )
    except Refusal as refusal:
        robot.runner.refuse("escort", "moon", refusal)
    [row] = robot.log.list()
    assert (row.outcome, row.error_code, row.target) == ("rejected", 901, "moon")


def test_every_phase_is_recorded_at_tick_boundaries_however_short(robot):
    """Feedback is built from m.phases, so a phase that lasts one tick is still reported."""
    m = go(robot)
    run(robot, 2)
    assert m.phases == ["driving"] and m.changed.is_set()
    m.changed.clear()
    run(robot, 2)
    assert m.phases == ["driving"] and not m.changed.is_set()  # no change, no wake-up
    robot.ctx.nav.finish()
    run(robot, 3)
    assert m.done.is_set() and m.changed.is_set()
    assert m.phases == ["driving"]  # one entry per change, not per tick


def test_a_milestone_within_a_phase_is_listed_again(robot):
    """A tour's next stop is news even when the phase stays "driving"."""
    stop = [0]
    plan = MISSIONS["go_to_place"](
        SimpleNamespace(place_id="passport_office", announce=False), robot.env
    )
    plan.milestone = lambda: stop[0]
    m = robot.runner.start(plan)
    run(robot, 2)
    m.changed.clear()
    stop[0] = 1  # skipped to the next stop
    run(robot, 2)
    assert m.phases == ["driving", "driving"] and m.changed.is_set()
