"""escort: lead a visitor to a place, checking they follow; if they are lost for good, or the
battery runs low far from the place, say so politely (where the place is, the map on the
screen), then go home or to the dock. Never strand the visitor silently."""

from __future__ import annotations

import math

import py_trees
from py_trees.common import Status

from concierge_robot.behaviours import Do, EscortLeg, NavigateTo, RobotContext, Say, sequence
from concierge_robot.config import MissionConfig
from concierge_robot.missions.base import (
    LOW_BATTERY,
    UNKNOWN_PLACE,
    Env,
    Fail,
    Plan,
    Refusal,
    lang_of,
)


class BatteryWatch(py_trees.behaviour.Behaviour):
    """Succeeds while the battery lasts; fails with LOW_BATTERY when it runs low and the place
    is still further than handoff_m (closer than that, the visitor is led to the end)."""

    def __init__(self, ctx: RobotContext, target, low_pct: float, handoff_m: float):
        super().__init__("BatteryWatch")
        self.ctx, self.target, self.low_pct, self.handoff_m = ctx, target, low_pct, handoff_m

    def update(self) -> Status:
        ctx = self.ctx
        if ctx.battery_pct >= self.low_pct or ctx.docked:
            return Status.SUCCESS
        # the planned route's length when the navigator has said it, else the straight line
        left = ctx.distance_remaining_m or math.dist(ctx.pose[:2], self.target[:2])
        if left <= self.handoff_m:
            return Status.SUCCESS
        ctx.phase = "handoff"
        return ctx.fail(LOW_BATTERY, f"battery {ctx.battery_pct:.0f} %: handing the visitor off")


def direction_word(robot_pose, target_xy) -> str:
    """ahead / left / right / behind of where the robot faces (the visitor stands behind it,
    facing the same way at the hand-off)."""
    x, y, yaw = robot_pose
    bearing = math.atan2(target_xy[1] - y, target_xy[0] - x) - yaw
    bearing = (bearing + math.pi) % (2 * math.pi) - math.pi
    if abs(bearing) <= math.pi / 4:
        return "ahead"
    if abs(bearing) >= 3 * math.pi / 4:
        return "behind"
    return "left" if bearing > 0 else "right"


def escort_tree(ctx: RobotContext, pose, home, visitor_id: str, texts: dict, cfg: MissionConfig):
    """Lead the visitor; the give-up branch speaks the reason and goes home when it should."""
    leg = EscortLeg(
        ctx,
        lambda: pose,
        visitor_id,
        cfg.follower_lost_timeout_s,
        lambda: texts["wait"],
        cfg.follower_check_every_m,
    )
    battery = BatteryWatch(ctx, pose, cfg.low_battery_pct, cfg.handoff_distance_m)
    guarded_leg = py_trees.composites.Parallel(
        "LeadWhileCharged",
        policy=py_trees.common.ParallelPolicy.SuccessOnSelected([leg]),
        children=[leg, _repeat(battery)],
    )
    lead = [Say(ctx, texts["follow_me"], wait=False), guarded_leg, Say(ctx, texts["arrived"])]
    if home is not None:
        lead.append(NavigateTo(ctx, lambda: home, "returning"))
    saved: list = [None]

    def why_text() -> str:
        err = saved[0]
        return (
            texts["handoff"]() if err is not None and err.code == LOW_BATTERY else texts["gave_up"]
        )

    def should_return() -> bool:  # after a hand-off the robot goes to charge, not home
        err = saved[0]
        return home is not None and not (err is not None and err.code == LOW_BATTERY)

    give_up = sequence(
        "GiveUp",
        [
            Do(lambda: saved.__setitem__(0, ctx.error), "RememberError"),
            Say(ctx, why_text),
            # going home is best effort: the escort's outcome stays what happened
            py_trees.decorators.FailureIsSuccess(
                "TryReturnHome",
                py_trees.decorators.EternalGuard(
                    name="UnlessHandedOff",
                    child=NavigateTo(ctx, lambda: home or ctx.pose, "returning"),
                    condition=should_return,
                ),
            ),
            Fail(ctx, saved),
        ],
    )
    return py_trees.composites.Selector(
        "Escort", memory=True, children=[sequence("Lead", lead), give_up]
    )


def _repeat(child):
    """Run a check every tick for as long as its sibling runs."""
    return py_trees.decorators.SuccessIsRunning("Keep" + child.name, child)


def plan(goal, env: Env) -> Plan:
    data, ctx, cfg = env.data, env.ctx, env.config
    if goal.place_id not in data.places:
        raise Refusal(UNKNOWN_PLACE, f"unknown place {goal.place_id!r} at {data.site}")
    place = data.place(goal.place_id)
    lang = lang_of(goal.lang)
    ctx.lang = lang
    name = place.name(lang)

    def handoff_text() -> str:
        from concierge_content.wording import floor_text

        meters = max(1, round(math.dist(ctx.pose[:2], (place.x, place.y))))
        direction = env.say(f"dir_{direction_word(ctx.pose, (place.x, place.y))}", lang)
        floor = floor_text(data.floors.get(place.id, ""), lang)
        return env.say(
            "handoff", lang, place=name, floor=floor, direction=direction, meters=meters
        )

    texts = {
        "follow_me": env.say("follow_me", lang, place=name),
        "wait": env.say("wait_for_me", lang),
        "arrived": env.say("escort_arrived", lang, place=name),
        "gave_up": env.say("gave_up", lang),
        "handoff": handoff_text,
    }
    home = data.role("home").pose if goal.return_home else None
    tree = escort_tree(ctx, place.pose, home, goal.visitor_id, texts, cfg)

    def feedback(fb) -> None:
        fb.phase = ctx.phase
        fb.distance_remaining_m = float(ctx.distance_remaining_m)
        fb.follower_visible = ctx.phase == "leading"
        fb.follower_distance_m = float(ctx.counters.get("follower_distance_m", 0.0))

    def result(res) -> None:
        res.times_follower_lost = int(ctx.counters.get("times_follower_lost", 0))

    return Plan("escort", tree, place.id, f"escort to {place.id}", feedback, result, lang=lang)
