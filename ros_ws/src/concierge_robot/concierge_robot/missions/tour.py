"""tour: lead a docent course stop by stop, narrating at each; obeys pause / resume / skip /
repeat / end (voice, touch or the operator's mission_control)."""

from __future__ import annotations

import py_trees
from py_trees.common import Status

from concierge_robot.behaviours import NavigateTo, Pose, RobotContext, Say, sequence
from concierge_robot.missions.base import (
    ENDED_BY_VISITOR,
    UNKNOWN_COURSE,
    Env,
    Plan,
    Refusal,
    lang_of,
)


class TourRunner(py_trees.behaviour.Behaviour):
    """Lead a course stop by stop; obeys pause / resume / skip / repeat / end."""

    def __init__(self, ctx: RobotContext, stops: list[tuple[str, Pose, str]], texts: dict):
        super().__init__("Tour")
        self.ctx, self.stops, self.texts = ctx, stops, texts
        self.index, self.visited, self.skipped = 0, 0, 0
        self.child: py_trees.behaviour.Behaviour | None = None
        self.narrating = False
        self.ended_by_visitor = False

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


def plan(goal, env: Env) -> Plan:
    data, ctx = env.data, env.ctx
    course = data.courses.get(goal.course_id)
    if course is None:
        known = ", ".join(sorted(data.courses)) or "none"
        raise Refusal(UNKNOWN_COURSE, f"unknown course {goal.course_id!r} (courses: {known})")
    lang = lang_of(goal.lang)
    ctx.lang = lang
    stops = []
    for stop in course.stops:
        place = data.place(stop.place)
        stops.append(
            (place.id, place.pose, stop.narration.en if lang == "en" else stop.narration.ko)
        )
    runner = TourRunner(ctx, stops, {"ended": env.say("tour_ended", lang)})
    name = course.name.en if lang == "en" else course.name.ko
    tree = sequence("TourMission", [Say(ctx, env.say("tour_start", lang, course=name)), runner])

    def feedback(fb) -> None:
        fb.phase = ctx.phase
        fb.stop_index = runner.index
        fb.stop_count = len(runner.stops)
        fb.stop_id = runner.stop_id
        fb.distance_remaining_m = float(ctx.distance_remaining_m)

    def result(res) -> None:
        res.stops_visited, res.stops_skipped = runner.visited, runner.skipped
        if runner.ended_by_visitor:
            res.error_code, res.error_msg = ENDED_BY_VISITOR, "ended by the visitor"

    return Plan(
        "tour", tree, course.id, f"tour {course.id}", feedback, result, lang=lang,
        milestone=lambda: runner.index,
    )  # fmt: skip
