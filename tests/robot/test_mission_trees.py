"""Mission trees without ROS: scripted action ports stand in for the navigator and speech."""

from __future__ import annotations

from types import SimpleNamespace

import py_trees
from concierge_robot.action_port import PortState
from concierge_robot.behaviours import RobotContext
from concierge_robot.config import MissionConfig
from concierge_robot.escort_rules import Seen
from concierge_robot.missions import call_staff, escort, go, tour
from concierge_robot.missions.base import Env
from concierge_robot.site_data import SiteData
from concierge_robot.staff_pager import StaffPager
from py_trees.common import Status

CITY = SiteData("city_hall")


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

    def send(self, goal) -> int:
        self.sent.append(goal)
        self.state = self.auto or PortState.ACTIVE
        self.result = SimpleNamespace(error_code=0, error_msg="", success=True)
        return len(self.sent)

    def cancel(self, token: int | None = None) -> None:
        if token is not None and token != len(self.sent):
            return  # that goal was replaced: nothing of it to cancel
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


TEXTS = {"follow_me": "follow", "wait": "wait", "arrived": "here", "gave_up": "bye",
         "handoff": lambda: "battery low, the place is ahead"}  # fmt: skip
CFG = MissionConfig(follower_lost_timeout_s=10.0)


def escort_tree(ctx, pose=(10.0, 0.0, 0.0), home=(0.0, 0.0, 0.0), cfg=CFG):
    return py_trees.trees.BehaviourTree(escort.escort_tree(ctx, pose, home, "", TEXTS, cfg))


def test_escort_waits_when_follower_lost_and_resumes_when_back():
    clock, ctx = Clock(), None
    ctx = make_ctx(clock)
    ctx.people = [Seen("v1", -1.0, 0.0, is_engaged=True)]
    tree = escort_tree(ctx)
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
    tree = escort_tree(ctx)
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
    tree = py_trees.trees.BehaviourTree(go.go_to_place(ctx, (5.0, 5.0, 0.0), "go", ""))
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
    tree = py_trees.trees.BehaviourTree(go.go_to_place(ctx, (5.0, 5.0, 0.0), "", ""))
    tick(tree, ctx, clock)
    ctx.nav.finish(PortState.ABORTED, "goal is inside a keepout zone")
    assert tick(tree, ctx, clock) == Status.FAILURE
    assert "keepout" in ctx.error.message


def test_vanished_navigator_fails_the_mission():
    clock = Clock()
    ctx = make_ctx(clock)
    tree = py_trees.trees.BehaviourTree(go.go_to_place(ctx, (5.0, 5.0, 0.0), "", ""))
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
    runner = tour.TourRunner(ctx, stops, {"ended": "the end"})
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


def env_for(ctx, **services) -> Env:
    return Env(ctx, CITY, MissionConfig(staff_escalate_after_s=5.0), services)


def test_call_staff_waits_for_an_ack_and_escalates():
    clock = Clock()
    ctx = make_ctx(clock)
    pager, published = StaffPager(escalate_after_s=5.0), []
    env = env_for(ctx, pager=pager, notify_page=lambda p: published.append(p.current))
    goal = SimpleNamespace(office_id="", staff_id="", reason="", lang="ko", escort_to_counter=True)
    plan = call_staff.plan(goal, env)
    first, second = pager.pages[next(iter(pager.pages))].candidates[:2]
    tree = py_trees.trees.BehaviourTree(plan.tree)
    tick(tree, ctx, clock, 3)
    assert published == [first] and ctx.phase == "paging" and plan.target == "saebit_office"
    tick(tree, ctx, clock, 60)
    assert published == [first, second]
    assert any("다른 분께 연락" in s for s in ctx.said)  # the visitor hears it escalated
    page = next(iter(pager.pages.values()))
    pager.ack(page.page_id, second, True, clock.t)
    tick(tree, ctx, clock, 2)
    assert any(CITY.staff_name(second, "ko") in s for s in ctx.said)
    ctx.nav.finish()
    assert tick(tree, ctx, clock, 3) == Status.SUCCESS


def test_low_battery_far_from_the_place_hands_the_visitor_off_then_fails_for_the_dock():
    clock = Clock()
    ctx = make_ctx(clock)
    ctx.people = [Seen("v1", -1.0, 0.0, is_engaged=True)]
    tree = escort_tree(ctx, cfg=MissionConfig(low_battery_pct=20.0, handoff_distance_m=12.0))
    tick(tree, ctx, clock, 2)
    ctx.distance_remaining_m, ctx.battery_pct = 30.0, 18.0
    tick(tree, ctx, clock, 3)
    assert "battery low, the place is ahead" in ctx.said  # where the place is, not silence
    assert ctx.nav.cancels >= 1 and ctx.phase == "handoff"
    assert tick(tree, ctx, clock, 3) == Status.FAILURE
    assert ctx.error.code == 911
    assert ctx.nav.sent[-1] == (10.0, 0.0, 0.0)  # never drove home: it goes to charge


def test_low_battery_close_to_the_place_still_leads_the_visitor_there():
    clock = Clock()
    ctx = make_ctx(clock)
    ctx.people = [Seen("v1", -1.0, 0.0, is_engaged=True)]
    tree = escort_tree(ctx, home=None, cfg=MissionConfig(handoff_distance_m=12.0))
    tick(tree, ctx, clock, 2)
    ctx.distance_remaining_m, ctx.battery_pct = 5.0, 18.0
    tick(tree, ctx, clock, 3)
    assert ctx.phase == "leading"
    ctx.nav.finish()
    assert tick(tree, ctx, clock, 3) == Status.SUCCESS and "here" in ctx.said


def test_handoff_says_where_the_place_is_in_the_visitors_language():
    clock = Clock()
    ctx = make_ctx(clock)
    ctx.pose = (30.0, 8.3, 1.5708)  # at the information desk, facing north
    ctx.people = [Seen("v1", 30.0, 7.3, is_engaged=True)]
    plan = escort.plan(
        SimpleNamespace(place_id="passport_office", visitor_id="", return_home=True, lang="ko"),
        env_for(ctx),
    )
    tree = py_trees.trees.BehaviourTree(plan.tree)
    tick(tree, ctx, clock, 2)
    ctx.battery_pct = 12.0
    assert tick(tree, ctx, clock, 5) == Status.FAILURE and ctx.error.code == 911
    handoff = ctx.said[-1]
    # the office is 48 degrees to the right of where the robot (and the visitor) faces
    assert "여권민원실" in handoff and "1층" in handoff and "오른쪽으로" in handoff, handoff
    assert "미터" in handoff


class FakePaging:
    """A PagingClient stand-in at the HTTP boundary (the real service is tested in
    tests/paging); the PagingLink and its threading are the real ones."""

    def __init__(self, down: bool = False):
        from concierge_paging.client import PageInfo

        self.PageInfo, self.down, self.pages, self.calls = PageInfo, down, {}, []

    def _check(self):
        from concierge_paging.client import PagingUnavailable

        if self.down:
            raise PagingUnavailable("connection refused (127.0.0.1:8760)")

    def page(self, call_id, office_id, staff_id, level, reason, robot, lang):
        self._check()
        self.calls.append(("page", staff_id, level))
        pid = f"p{len(self.pages) + 1}"
        self.pages[pid] = dict(page_id=pid, call_id=call_id, office_id=office_id,
                               staff_id=staff_id, level=level, status="open")  # fmt: skip
        return self.get(pid)

    def get(self, page_id):
        self._check()
        d = self.pages[page_id]
        return SimpleNamespace(**{"answered_by": None, **d})

    def answer(self, page_id, staff_id, accept):
        self.pages[page_id].update(status="accepted" if accept else "declined",
                                   answered_by=staff_id)  # fmt: skip

    def escalate(self, page_id):
        self.pages[page_id]["status"] = "escalated"
        return self.get(page_id)

    def cancel(self, page_id):
        self.calls.append(("cancel", page_id))
        self.pages[page_id]["status"] = "canceled"
        return self.get(page_id)

    def ack(self, page_id, staff_id, accept):
        self.answer(page_id, staff_id, accept)
        return self.get(page_id)


def paging_env(ctx, client):
    from concierge_paging.link import PagingLink

    link = PagingLink(client, poll_s=None)
    env = env_for(ctx, pager=StaffPager(escalate_after_s=5.0), paging=link)
    return env, link


def test_staff_answer_over_http_is_taken_at_the_next_poll():
    clock = Clock()
    ctx = make_ctx(clock)
    client = FakePaging()
    env, link = paging_env(ctx, client)
    goal = SimpleNamespace(
        office_id="", staff_id="", reason="", lang="en", escort_to_counter=False
    )
    tree = py_trees.trees.BehaviourTree(call_staff.plan(goal, env).tree)
    try:
        tick(tree, ctx, clock, 2)
        assert link.wait_idle(5.0) and client.calls[0][0] == "page"
        client.answer("p1", client.pages["p1"]["staff_id"], True)  # the official taps Accept
        for _ in range(15):  # 1 s of robot time: the next poll brings the answer
            tick(tree, ctx, clock)
            link.wait_idle(5.0)
        assert ctx.phase == "acknowledged" or tick(tree, ctx, clock, 3) == Status.SUCCESS
    finally:
        link.close()


def test_a_down_paging_service_ends_the_call_with_a_spoken_explanation():
    clock = Clock()
    ctx = make_ctx(clock)
    env, link = paging_env(ctx, FakePaging(down=True))
    goal = SimpleNamespace(office_id="", staff_id="", reason="", lang="en", escort_to_counter=True)
    tree = py_trees.trees.BehaviourTree(call_staff.plan(goal, env).tree)
    try:
        status = Status.RUNNING
        for _ in range(30):
            status = tick(tree, ctx, clock)
            link.wait_idle(5.0)
            if status != Status.RUNNING:
                break
        assert status == Status.FAILURE and ctx.error.code == 943
        assert any("can't reach the staff paging system" in s for s in ctx.said)
    finally:
        link.close()


def test_unknown_staff_and_office_are_refused_before_anything_happens():
    from concierge_robot.missions.base import Refusal

    ctx = make_ctx(Clock())
    pager = StaffPager(5.0)
    env = env_for(ctx, pager=pager)
    bad_staff = SimpleNamespace(office_id="", staff_id="nobody", reason="", lang="ko",
                                escort_to_counter=True)  # fmt: skip
    bad_office = SimpleNamespace(office_id="moon", staff_id="", reason="", lang="ko",
                                 escort_to_counter=True)  # fmt: skip
    for goal, code in ((bad_staff, 944), (bad_office, 940)):
        try:
            call_staff.plan(goal, env)
        except Refusal as refusal:
            assert refusal.code == code and refusal.message
        else:
            raise AssertionError(f"{goal} was not refused")
    assert not pager.pages  # nobody was paged


def test_going_to_the_dock_reports_the_distance_left_while_the_dock_action_drives():
    """The dock action's feedback has no distance; the mission's comes from the robot's pose."""
    clock = Clock()
    ctx = make_ctx(clock)
    dock = CITY.role("dock").pose
    ctx.pose = (dock[0] + 30.0, dock[1] + 40.0, 0.0)  # 50 m away
    plan = go.plan(SimpleNamespace(place_id=CITY.roles["dock"], announce=False, lang="ko"),
                   env_for(ctx))  # fmt: skip
    assert plan.kind == "dock"
    tree = py_trees.trees.BehaviourTree(plan.tree)
    tick(tree, ctx, clock, 3)
    assert ctx.phase == "docking" and ctx.dock.sent == ["dock"]
    assert ctx.distance_remaining_m == 50.0 and ctx.progress == 0.0
    ctx.pose = (dock[0] + 15.0, dock[1] + 20.0, 0.0)  # half way
    tick(tree, ctx, clock)
    assert ctx.distance_remaining_m == 25.0 and ctx.progress == 0.5
    ctx.dock.finish()
    assert tick(tree, ctx, clock) == Status.SUCCESS
    assert (ctx.distance_remaining_m, ctx.progress) == (0.0, 1.0)
