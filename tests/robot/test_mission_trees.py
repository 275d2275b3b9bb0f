"""Mission trees without ROS: scripted action ports stand in for the navigator and speech."""

from __future__ import annotations

from types import SimpleNamespace

import py_trees
from concierge_robot import missions
from concierge_robot.action_port import PortState
from concierge_robot.behaviours import RobotContext
from concierge_robot.escort_rules import Seen
from concierge_robot.staff_pager import StaffPager
from py_trees.common import Status


class ScriptedPort:
    """An action port whose goals finish when the test says so."""

    def __init__(self, auto: PortState | None = None):
        self.auto = auto
        self.sent: list = []
        self.cancels = 0
        self.state = PortState.IDLE
        self.feedback = None
        self.result = None
        self.ready = True

    def send(self, goal) -> None:
        self.sent.append(goal)
        self.state = self.auto or PortState.ACTIVE
        self.result = SimpleNamespace(error_code=0, error_msg="", success=True)

    def cancel(self) -> None:
        self.cancels += 1
        self.state = PortState.IDLE

    def server_ready(self) -> bool:
        return self.ready

    def finish(self, state=PortState.SUCCEEDED, msg=""):
        self.state = state
        self.result = SimpleNamespace(
            error_code=0 if not msg else 104, error_msg=msg, success=True
        )


class Clock:
    t = 0.0


def make_ctx(clock: Clock) -> RobotContext:
    return RobotContext(
        nav=ScriptedPort(), dock=ScriptedPort(), undock=ScriptedPort(),
        speak=ScriptedPort(auto=PortState.SUCCEEDED),
        make_nav_goal=lambda pose: pose, make_speak_goal=lambda text, lang: text,
        make_dock_goal=lambda: "dock", make_undock_goal=lambda: "undock",
        now_s=lambda: clock.t, log=lambda msg: None,
    )  # fmt: skip


def tick(tree, ctx, clock, n=1, dt=0.1):
    """Tick n times, stopping when the mission ends (as the mission manager does)."""
    for _ in range(n):
        clock.t += dt
        tree.tick()
        if tree.root.status in (Status.SUCCESS, Status.FAILURE):
            break
    return tree.root.status


TEXTS = {"follow_me": "follow", "wait": "wait", "arrived": "here", "gave_up": "bye"}


def test_escort_waits_when_follower_lost_and_resumes_when_back():
    clock, ctx = Clock(), None
    ctx = make_ctx(clock)
    ctx.people = [Seen("v1", -1.0, 0.0, is_engaged=True)]
    root = missions.escort(ctx, (10.0, 0.0, 0.0), (0.0, 0.0, 0.0), "", 10.0, TEXTS)
    tree = py_trees.trees.BehaviourTree(root)
    assert tick(tree, ctx, clock, 3) == Status.RUNNING
    assert ctx.phase == "leading" and len(ctx.nav.sent) == 1
    # the robot drives 2 m; the visitor stays behind, 3.9 m away at the next check
    ctx.pose = (1.0, 0.0, 0.0)
    ctx.people = [Seen("v1", -1.0, 0.0)]
    tick(tree, ctx, clock)
    ctx.pose = (2.9, 0.0, 0.0)
    tick(tree, ctx, clock)
    assert ctx.phase == "waiting_for_visitor" and ctx.nav.cancels >= 1
    assert "wait" in ctx.said
    tick(tree, ctx, clock, 20)  # 2 s later: still waiting, no new goal
    assert len(ctx.nav.sent) == 1
    ctx.people = [Seen("v1", 2.0, 0.0)]  # they caught up
    tick(tree, ctx, clock)
    assert ctx.phase == "leading" and len(ctx.nav.sent) == 2
    ctx.nav.finish()
    tick(tree, ctx, clock, 3)
    assert "here" in ctx.said
    assert ctx.counters["times_follower_lost"] == 1


def test_escort_gives_up_politely_and_returns_home_when_visitor_never_comes_back():
    clock = Clock()
    ctx = make_ctx(clock)
    ctx.people = [Seen("v1", -0.5, 0.0, is_engaged=True)]
    tree = py_trees.trees.BehaviourTree(
        missions.escort(ctx, (10.0, 0.0, 0.0), (0.0, 0.0, 0.0), "", 10.0, TEXTS)
    )
    tick(tree, ctx, clock, 2)
    ctx.pose, ctx.people = (1.5, 0.0, 0.0), []
    tick(tree, ctx, clock)
    assert ctx.phase == "waiting_for_visitor"
    tick(tree, ctx, clock, 60)  # 6 s: halfway there the robot starts searching
    assert ctx.phase == "searching"
    tick(tree, ctx, clock, 45)  # past the 10 s timeout
    assert "bye" in ctx.said and ctx.phase == "returning"
    assert ctx.nav.sent[-1] == (0.0, 0.0, 0.0)
    ctx.nav.finish()
    assert tick(tree, ctx, clock, 2) == Status.FAILURE
    assert ctx.error.code == 910 and "lost" in ctx.error.message


def test_pause_cancels_navigation_and_resume_sends_the_goal_again():
    clock = Clock()
    ctx = make_ctx(clock)
    tree = py_trees.trees.BehaviourTree(missions.go_to_place(ctx, (5.0, 5.0, 0.0), "go", ""))
    tick(tree, ctx, clock, 2)
    ctx.paused = True
    tick(tree, ctx, clock)
    assert ctx.nav.cancels == 1 and ctx.phase == "paused"
    ctx.paused = False
    tick(tree, ctx, clock)
    assert len(ctx.nav.sent) == 2 and ctx.phase == "driving"
    ctx.nav.finish()
    assert tick(tree, ctx, clock) == Status.SUCCESS


def test_navigation_failure_carries_the_navigator_message():
    clock = Clock()
    ctx = make_ctx(clock)
    tree = py_trees.trees.BehaviourTree(missions.go_to_place(ctx, (5.0, 5.0, 0.0), "", ""))
    tick(tree, ctx, clock)
    ctx.nav.finish(PortState.ABORTED, "goal is inside a keepout zone")
    assert tick(tree, ctx, clock) == Status.FAILURE
    assert "keepout" in ctx.error.message


def test_vanished_navigator_fails_the_mission():
    clock = Clock()
    ctx = make_ctx(clock)
    tree = py_trees.trees.BehaviourTree(missions.go_to_place(ctx, (5.0, 5.0, 0.0), "", ""))
    tick(tree, ctx, clock)
    ctx.nav.ready = False
    assert tick(tree, ctx, clock, 20) == Status.RUNNING  # 2 s: could be a hiccup
    assert tick(tree, ctx, clock, 20) == Status.FAILURE
    assert "stopped responding" in ctx.error.message


def test_tour_skip_repeat_and_end():
    clock = Clock()
    ctx = make_ctx(clock)
    stops = [("a", (1.0, 0.0, 0.0), "at a"), ("b", (2.0, 0.0, 0.0), "at b"),
             ("c", (3.0, 0.0, 0.0), "at c")]  # fmt: skip
    runner = missions.TourRunner(ctx, stops, {"ended": "the end"})
    tree = py_trees.trees.BehaviourTree(runner)
    tick(tree, ctx, clock)
    ctx.nav.finish()
    tick(tree, ctx, clock, 2)
    assert "at a" in ctx.said and runner.visited == 1 and runner.index == 1
    ctx.repeat = True
    tick(tree, ctx, clock)
    assert ctx.said.count("at b") == 1  # repeat narrates the current stop at once
    ctx.skip = True
    tick(tree, ctx, clock)
    assert runner.index == 2 and runner.skipped == 1
    ctx.end = True
    assert tick(tree, ctx, clock) == Status.SUCCESS
    assert "the end" in ctx.said and runner.ended_by_visitor


def test_call_staff_waits_for_an_ack_and_escalates():
    clock = Clock()
    ctx = make_ctx(clock)
    pager = StaffPager(escalate_after_s=5.0)
    page = pager.page("saebit_office", "", ["kim", "lee"], now_s=0.0)
    published = []
    texts = {"paging": "paging", "coming": lambda: f"{page.acked_by} coming", "wait": "w",
             "arrived": "here"}  # fmt: skip
    tree = py_trees.trees.BehaviourTree(
        missions.call_staff(ctx, pager, page, lambda p: published.append(p.current),
                            (1.0, 1.0, 0.0), texts, True, 60.0, 10.0, lambda p: None)
    )  # fmt: skip
    tick(tree, ctx, clock, 3)
    assert published == ["kim"] and ctx.phase == "paging"
    tick(tree, ctx, clock, 60)
    assert published == ["kim", "lee"]
    pager.ack(page.page_id, "lee", True, clock.t)
    tick(tree, ctx, clock, 2)
    assert "lee coming" in ctx.said
    ctx.nav.finish()
    assert tick(tree, ctx, clock, 3) == Status.SUCCESS
