"""The robot's missions as py_trees trees, built from content (places, staff, courses)."""

from __future__ import annotations

import py_trees
from py_trees.common import Status

from concierge_robot.behaviours import (
    Do,
    EscortLeg,
    NavigateTo,
    PortCall,
    Pose,
    RobotContext,
    Say,
    sequence,
)
from concierge_robot.staff_pager import Page, StaffPager


class Fail(py_trees.behaviour.Behaviour):
    """Keep the error of the branch that failed before a recovery branch ran."""

    def __init__(self, ctx: RobotContext, error):
        super().__init__("Fail")
        self.ctx, self.error = ctx, error

    def update(self) -> Status:
        if self.error[0] is not None:
            self.ctx.error = self.error[0]
        return Status.FAILURE


def go_to_place(ctx: RobotContext, pose: Pose, say_go: str, say_arrived: str):
    """Drive to a pose; announce departure and arrival when given texts."""
    steps = [Say(ctx, say_go, wait=False)] if say_go else []
    steps.append(NavigateTo(ctx, lambda: pose, "driving"))
    if say_arrived:
        steps.append(Say(ctx, say_arrived, wait=False))
    return sequence("GoToPlace", steps)


def escort(
    ctx: RobotContext,
    pose: Pose,
    home: Pose | None,
    visitor_id: str,
    lost_timeout_s: float,
    texts: dict[str, str],
    check_every_m: float = 1.0,
):
    """Lead the visitor; if they are lost for good, say so politely and go back home."""
    lead = [
        Say(ctx, texts["follow_me"], wait=False),
        EscortLeg(
            ctx, lambda: pose, visitor_id, lost_timeout_s, lambda: texts["wait"], check_every_m
        ),
        Say(ctx, texts["arrived"]),
    ]
    if home is not None:
        lead.append(NavigateTo(ctx, lambda: home, "returning"))
    saved: list = [None]
    give_up = sequence(
        "GiveUp",
        [
            Do(lambda: saved.__setitem__(0, ctx.error), "RememberError"),
            Say(ctx, texts["gave_up"]),
            # going home is best effort: the escort's outcome stays "visitor lost"
            py_trees.decorators.FailureIsSuccess(
                "TryReturnHome", NavigateTo(ctx, lambda: home or ctx.pose, "returning")
            ),
            Fail(ctx, saved),
        ],
    )
    root = py_trees.composites.Selector("Escort", memory=True, children=[sequence("Lead", lead)])
    if home is not None:
        root.add_child(give_up)
    return root


def dock(ctx: RobotContext, say: str):
    """Drive to the dock and dock precisely (the navigator's dock_robot does both)."""
    return sequence(
        "Dock",
        [Say(ctx, say), PortCall(ctx, ctx.dock, ctx.make_dock_goal, "docking", 902, "dock")],
    )


class PageAndWait(py_trees.behaviour.Behaviour):
    """Page officials in order, escalating when unanswered; succeed when one accepts."""

    def __init__(
        self,
        ctx: RobotContext,
        pager: StaffPager,
        page: Page,
        publish,
        max_wait_s: float,
        on_escalate,
    ):
        super().__init__("PageAndWait")
        self.ctx, self.pager, self.page, self.publish = ctx, pager, page, publish
        self.max_wait_s, self.on_escalate = max_wait_s, on_escalate

    def initialise(self) -> None:
        self.ctx.phase = "paging"
        self.published_level = self.page.level
        self.publish(self.page)

    def update(self) -> Status:
        now = self.ctx.now_s()
        if self.page.acked_by:
            self.ctx.phase = "acknowledged"
            return Status.SUCCESS
        self.pager.tick(self.page, now)
        # a timeout or a decline moved the page on: tell the next official
        if self.page.level != self.published_level and self.page.current is not None:
            self.published_level = self.page.level
            self.ctx.phase = "escalated"
            self.publish(self.page)
            self.on_escalate(self.page)
        if self.page.current is None:
            return self.ctx.fail(942, "no official answered the page")
        if now - self.page.created_s >= self.max_wait_s:
            return self.ctx.fail(942, f"no official answered within {self.max_wait_s:.0f} s")
        return Status.RUNNING


def call_staff(
    ctx: RobotContext,
    pager: StaffPager,
    page: Page,
    publish,
    office_pose: Pose,
    texts: dict[str, str],
    escort_to_counter: bool,
    max_wait_s: float,
    lost_timeout_s: float,
    on_escalate,
):
    steps = [
        Say(ctx, texts["paging"]),
        PageAndWait(ctx, pager, page, publish, max_wait_s, on_escalate),
        Say(ctx, texts["coming"]),
    ]
    if escort_to_counter:
        steps += [
            EscortLeg(ctx, lambda: office_pose, "", lost_timeout_s, lambda: texts["wait"]),
            Say(ctx, texts["arrived"]),
        ]
    return sequence("CallStaff", steps)


class TourRunner(py_trees.behaviour.Behaviour):
    """Lead a course stop by stop; obeys pause / resume / skip / repeat / end."""

    def __init__(self, ctx: RobotContext, stops: list[tuple[str, Pose, str]], texts: dict):
        super().__init__("Tour")
        self.ctx, self.stops, self.texts = ctx, stops, texts
        self.index, self.visited, self.skipped = 0, 0, 0
        self.child: py_trees.behaviour.Behaviour | None = None
        self.narrating = False

    def _start_child(self) -> None:
        stop_id, pose, narration = self.stops[self.index]
        if self.narrating:
            self.child = Say(self.ctx, narration)
            self.ctx.phase = "narrating"
        else:
            self.child = NavigateTo(self.ctx, lambda: pose, "moving")
        self.child.initialise()
        self.child.status = Status.RUNNING

    def initialise(self) -> None:
        self.index, self.visited, self.skipped, self.narrating = 0, 0, 0, False
        self._start_child()

    def update(self) -> Status:
        ctx = self.ctx
        if ctx.end:
            ctx.end = False
            self._stop_child()
            Say(ctx, self.texts["ended"]).initialise()
            ctx.error = None
            self.ended_by_visitor = True
            return Status.SUCCESS
        if ctx.skip:
            ctx.skip = False
            self._stop_child()
            self.skipped += 1
            return self._advance()
        if ctx.repeat:
            ctx.repeat = False
            self._stop_child()
            self.narrating = True
            self._start_child()
            return Status.RUNNING
        if ctx.paused and self.narrating:
            ctx.phase = "paused"
            return Status.RUNNING
        status = self.child.update()
        if status == Status.RUNNING:
            ctx.progress = (self.index + (0.5 if self.narrating else 0.0)) / len(self.stops)
            return Status.RUNNING
        if status == Status.FAILURE:
            return Status.FAILURE
        if not self.narrating:
            self.narrating = True
            self._start_child()
            return Status.RUNNING
        self.visited += 1
        return self._advance()

    def _advance(self) -> Status:
        self.index += 1
        self.narrating = False
        if self.index >= len(self.stops):
            self.ctx.phase = "finished"
            self.ctx.progress = 1.0
            return Status.SUCCESS
        self._start_child()
        return Status.RUNNING

    def _stop_child(self) -> None:
        if self.child is not None:
            self.child.terminate(Status.INVALID)

    def terminate(self, new_status: Status) -> None:
        if new_status == Status.INVALID:
            self._stop_child()

    @property
    def stop_id(self) -> str:
        return self.stops[min(self.index, len(self.stops) - 1)][0]
