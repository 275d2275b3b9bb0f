"""py_trees behaviours of the robot's missions. They never block: each tick polls ActionPorts."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import py_trees
from py_trees.common import Status

from concierge_robot.action_port import ActionPort, PortState
from concierge_robot.escort_rules import FollowerMonitor, Seen, pick_follower

Pose = tuple[float, float, float]


@dataclass
class MissionError:
    code: int
    message: str


@dataclass
class RobotContext:
    """What behaviours see of the robot: ports, latest sensing, control flags, mission feedback."""

    nav: ActionPort
    dock: ActionPort
    undock: ActionPort
    speak: ActionPort
    make_nav_goal: Callable[[Pose], Any]
    make_speak_goal: Callable[[str, str], Any]
    make_dock_goal: Callable[[], Any]
    make_undock_goal: Callable[[], Any]
    now_s: Callable[[], float]
    log: Callable[[str], None]
    pose: Pose = (0.0, 0.0, 0.0)
    people: list[Seen] = field(default_factory=list)
    battery_pct: float = 100.0
    docked: bool = False
    lang: str = "ko"
    paused: bool = False
    skip: bool = False
    repeat: bool = False
    end: bool = False
    phase: str = ""
    distance_remaining_m: float = 0.0
    progress: float = 0.0
    recoveries: int = 0
    error: MissionError | None = None
    said: list[str] = field(default_factory=list)
    counters: dict[str, float] = field(default_factory=dict)

    def way_to(self, target: Pose) -> float:
        """The length of a drive to target from here (at least 0.1 m: progress divides by it)."""
        return max(0.1, math.dist(self.pose[:2], target[:2]))

    def left_on_way(self, remaining_m: float, way_m: float) -> None:
        """A drive's feedback: the distance left and the share of the way done."""
        self.distance_remaining_m = remaining_m
        self.progress = max(0.0, min(1.0, 1.0 - remaining_m / way_m))

    def fail(self, code: int, message: str) -> Status:
        self.error = MissionError(code, message)
        self.log(message)
        return Status.FAILURE


class Say(py_trees.behaviour.Behaviour):
    """Speak a text; a robot without a tts_node still works (the text is shown/logged)."""

    def __init__(
        self,
        ctx: RobotContext,
        text: Callable[[], str] | str,
        name: str = "Say",
        wait: bool = True,
    ):
        super().__init__(name)
        self.ctx, self.text, self.wait = ctx, text, wait  # wait=False: talk while moving on

    def initialise(self) -> None:
        text = self.text() if callable(self.text) else self.text
        self.ctx.said.append(text)
        self.ctx.log(f"say: {text}")
        self.token = self.ctx.speak.send(self.ctx.make_speak_goal(text, self.ctx.lang))

    def update(self) -> Status:
        if not self.wait or self.ctx.speak.state.done:
            return Status.SUCCESS
        return Status.RUNNING

    def terminate(self, new_status: Status) -> None:
        if new_status == Status.INVALID and self.wait and hasattr(self, "token"):
            self.ctx.speak.cancel(self.token)


class NavigateTo(py_trees.behaviour.Behaviour):
    """Drive to a pose with the Nav2 NavigateToPose action; pause cancels and resume re-sends."""

    nav_failed_code = 902
    server_lost_after_s = 3.0  # sim seconds without a navigate_to_pose server

    def __init__(self, ctx: RobotContext, pose: Callable[[], Pose], phase: str, name="NavigateTo"):
        super().__init__(name)
        self.ctx, self.pose, self.phase_name = ctx, pose, phase
        self._sent_paused = False
        self._server_gone_since: float | None = None

    def initialise(self) -> None:
        self.target = self.pose()
        self.start_dist = self.ctx.way_to(self.target)
        self.ctx.phase = self.phase_name
        self._send()

    def _send(self) -> None:
        self.token = self.ctx.nav.send(self.ctx.make_nav_goal(self.target))
        self._sent_paused = False

    def update(self) -> Status:
        ctx = self.ctx
        if ctx.paused:
            if not self._sent_paused:
                ctx.nav.cancel()
                self._sent_paused = True
            ctx.phase = "paused"
            return Status.RUNNING
        if self._sent_paused:
            ctx.phase = self.phase_name
            self._send()
        state = ctx.nav.state
        fb = ctx.nav.feedback
        if fb is not None:
            ctx.left_on_way(float(fb.distance_remaining), self.start_dist)
            ctx.recoveries = int(fb.number_of_recoveries)
        if state == PortState.SUCCEEDED:
            ctx.left_on_way(0.0, self.start_dist)
            return Status.SUCCESS
        if state in (PortState.ABORTED, PortState.REJECTED, PortState.CANCELED):
            res = ctx.nav.result
            detail = f"{res.error_msg} (code {res.error_code})" if res is not None else state.value
            return ctx.fail(self.nav_failed_code, f"navigation failed: {detail}")
        if state == PortState.UNAVAILABLE:
            return ctx.fail(905, "navigation is not available (no navigate_to_pose server)")
        if state in (PortState.SENDING, PortState.ACTIVE):
            return self._watch_server()
        return Status.RUNNING

    def _watch_server(self) -> Status:
        """A navigator that died mid-goal never sends a result: notice it is gone."""
        if self.ctx.nav.server_ready():
            self._server_gone_since = None
            return Status.RUNNING
        now = self.ctx.now_s()
        if self._server_gone_since is None:
            self._server_gone_since = now
        elif now - self._server_gone_since >= self.server_lost_after_s:
            self.ctx.nav.cancel()
            return self.ctx.fail(
                self.nav_failed_code,
                "navigation failed: the navigator stopped responding mid-goal (node died?)",
            )
        return Status.RUNNING

    def terminate(self, new_status: Status) -> None:
        if new_status == Status.INVALID and hasattr(self, "token"):
            self.ctx.nav.cancel(self.token)


class EscortLeg(NavigateTo):
    """Lead a visitor: drive, glance back every metre, wait when they fall behind, give up late."""

    def __init__(
        self,
        ctx: RobotContext,
        pose: Callable[[], Pose],
        visitor_id: str,
        lost_timeout_s: float,
        say_wait: Callable[[], str],
        check_every_m: float = 1.0,
    ):
        super().__init__(ctx, pose, "leading", name="EscortLeg")
        self.visitor_id = visitor_id
        self.lost_timeout_s = lost_timeout_s
        self.say_wait = say_wait
        self.check_every_m = check_every_m

    def initialise(self) -> None:
        ctx = self.ctx
        follower = self.visitor_id or pick_follower(ctx.pose[:2], ctx.people, 3.0)
        self.monitor = FollowerMonitor(follower or "", check_every_m=self.check_every_m)
        self.lost_since: float | None = None
        ctx.counters.setdefault("times_follower_lost", 0)
        super().initialise()

    def update(self) -> Status:
        ctx = self.ctx
        if not self.monitor.follower_id:  # nobody to lead (touch screen request): just guide
            return super().update()
        if self.lost_since is None:
            seen = self.monitor.update(ctx.pose[:2], ctx.people)
            if self.monitor.last_distance_m is not None:
                ctx.counters["follower_distance_m"] = self.monitor.last_distance_m
            if seen is False:
                self.lost_since = ctx.now_s()
                ctx.counters["times_follower_lost"] += 1
                ctx.nav.cancel()
                ctx.phase = "waiting_for_visitor"
                Say(ctx, self.say_wait).initialise()
                return Status.RUNNING
            return super().update()
        # waiting: resume as soon as the visitor is close again
        if self.monitor.present(ctx.pose[:2], ctx.people):
            self.lost_since = None
            ctx.phase = self.phase_name
            self._send()
            return Status.RUNNING
        waited = ctx.now_s() - self.lost_since
        ctx.phase = "waiting_for_visitor" if waited < self.lost_timeout_s / 2 else "searching"
        if waited >= self.lost_timeout_s:
            return ctx.fail(910, f"visitor lost for {waited:.0f} s; escort given up")
        return Status.RUNNING


class PortCall(py_trees.behaviour.Behaviour):
    """Send one goal on a port and succeed when it succeeds (dock, undock). With a target pose
    the distance left and the progress follow the robot's way there (the dock action's feedback
    has no distance; a person watching a 50 m drive to the dock would see 0 % throughout)."""

    def __init__(
        self,
        ctx: RobotContext,
        port: ActionPort,
        goal: Callable[[], Any],
        phase: str,
        error_code: int,
        name: str,
        target: Callable[[], Pose] | None = None,
    ):
        super().__init__(name)
        self.ctx, self.port, self.goal, self.phase_name, self.code = (
            ctx,
            port,
            goal,
            phase,
            error_code,
        )
        self.target = target

    def initialise(self) -> None:
        self.ctx.phase = self.phase_name
        if self.target is not None:
            self.start_dist = self.ctx.way_to(self.target())
        self.token = self.port.send(self.goal())

    def update(self) -> Status:
        state = self.port.state
        if self.target is not None:  # there when the action says so, not at the place's pose
            done = state == PortState.SUCCEEDED
            left = 0.0 if done else math.dist(self.ctx.pose[:2], self.target()[:2])
            self.ctx.left_on_way(left, self.start_dist)
        if state == PortState.SUCCEEDED:
            res = self.port.result
            if getattr(res, "success", True):
                return Status.SUCCESS
            return self.ctx.fail(self.code, f"{self.name} failed: {res.error_msg}")
        if state.done:
            res = self.port.result
            msg = res.error_msg if res is not None else state.value
            return self.ctx.fail(self.code, f"{self.name} failed: {msg}")
        return Status.RUNNING

    def terminate(self, new_status: Status) -> None:
        if new_status == Status.INVALID and hasattr(self, "token"):
            self.port.cancel(self.token)


class Do(py_trees.behaviour.Behaviour):
    """Run a function once and succeed (bookkeeping steps inside a sequence)."""

    def __init__(self, fn: Callable[[], None], name: str):
        super().__init__(name)
        self.fn = fn

    def update(self) -> Status:
        self.fn()
        return Status.SUCCESS


def sequence(
    name: str, children: list[py_trees.behaviour.Behaviour]
) -> py_trees.composites.Sequence:
    return py_trees.composites.Sequence(name=name, memory=True, children=children)
