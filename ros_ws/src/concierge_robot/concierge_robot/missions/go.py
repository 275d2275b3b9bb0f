"""go_to_place: drive to a place (announcing it when asked); the dock's place means docking."""

from __future__ import annotations

from concierge_robot.behaviours import NavigateTo, PortCall, RobotContext, Say, sequence
from concierge_robot.missions.base import NAVIGATION_FAILED, UNKNOWN_PLACE, Env, Plan, Refusal


def go_to_place(ctx: RobotContext, pose, say_go: str, say_arrived: str):
    """Drive to a pose; announce departure and arrival when given texts."""
    steps = [Say(ctx, say_go, wait=False)] if say_go else []
    steps.append(NavigateTo(ctx, lambda: pose, "driving"))
    if say_arrived:
        steps.append(Say(ctx, say_arrived, wait=False))
    return sequence("GoToPlace", steps)


def dock_tree(ctx: RobotContext, say: str, dock_pose=None):
    """Drive to the dock and dock precisely (the navigator's dock_robot does both); with the
    dock's pose the feedback tells the distance left."""
    target = (lambda: dock_pose) if dock_pose is not None else None
    docking = PortCall(
        ctx, ctx.dock, ctx.make_dock_goal, "docking", NAVIGATION_FAILED, "dock", target=target
    )
    return sequence("Dock", [Say(ctx, say), docking])


def plan(goal, env: Env) -> Plan:
    if goal.place_id not in env.data.places:
        raise Refusal(UNKNOWN_PLACE, f"unknown place {goal.place_id!r} at {env.data.site}")
    place = env.data.place(goal.place_id)
    lang = env.ctx.lang
    if place.id == env.data.roles.get("dock"):  # going to the dock means docking there
        return plan_dock(env, "dock", lang)
    name = place.name(lang)
    say_go = env.say("going_to", lang, place=name) if goal.announce else ""
    say_at = env.say("arrived", lang, place=name) if goal.announce else ""
    tree = go_to_place(env.ctx, place.pose, say_go, say_at)
    return Plan("go_to_place", tree, place.id, f"to {place.id}", feedback=_feedback(env.ctx))


def plan_dock(env: Env, why: str, lang: str) -> Plan:
    dock = env.data.role("dock")
    tree = dock_tree(env.ctx, env.say("docking", lang), dock.pose)
    return Plan("dock", tree, dock.id, f"dock ({why})", feedback=_feedback(env.ctx), lang=lang)


def _feedback(ctx: RobotContext):
    def fill(fb) -> None:
        fb.phase = ctx.phase
        fb.distance_remaining_m = float(ctx.distance_remaining_m)
        fb.progress = float(ctx.progress)
        fb.number_of_recoveries = int(ctx.recoveries)

    return fill
