"""Scripted visitors for tests and scenario events: where someone who steps in front of the
robot, a curious visitor or the follower stands, and which way they walk off."""

from __future__ import annotations

import math

import numpy as np

from concierge_sim.errors import SimError
from concierge_sim.people import VisitorSpec
from concierge_sim.space import Space

PASSAGE_CLEARANCE_M = 0.35  # a visitor's walk must keep this far from walls and obstacles


def stepper_in_front(
    space: Space,
    pose: tuple[float, float, float],
    distance_m: float,
    stand_s: float,
    now_s: float,
    person_id: str,
) -> VisitorSpec:
    """A visitor distance_m in front of the robot who stands until now_s + stand_s, then walks
    3 m aside (left if that way is clear, else right; stays if neither is)."""
    x, y, yaw = pose
    px, py = x + distance_m * math.cos(yaw), y + distance_m * math.sin(yaw)
    side = None
    for sign in (1, -1):
        sx = px + sign * 3.0 * -math.sin(yaw)
        sy = py + sign * 3.0 * math.cos(yaw)
        if space.line_clear(px, py, sx, sy, PASSAGE_CLEARANCE_M):
            side = (sx, sy)
            break
    route = [side] if side else []
    return VisitorSpec(
        person_id,
        "walker",
        px,
        py,
        1.0,
        0.25,
        route=route,
        route_mode="once",
        wait_until_s=now_s + stand_s,
    )


def curious_visitor(
    space: Space,
    pose: tuple[float, float, float],
    distance_m: float,
    start_m: float,
    person_id: str,
) -> tuple[VisitorSpec, tuple[float, float]]:
    """A visitor start_m away who walks up to distance_m in front of the robot (straight ahead
    or up to 1.2 rad aside, whichever way is clear first); also returns where they came from."""
    x, y, yaw = pose
    for turn in (0.0, 0.6, -0.6, 1.2, -1.2):
        a = yaw + turn
        sx, sy = x + start_m * math.cos(a), y + start_m * math.sin(a)
        fx, fy = x + distance_m * math.cos(a), y + distance_m * math.sin(a)
        if space.line_clear(sx, sy, fx, fy, PASSAGE_CLEARANCE_M):
            break
    else:
        raise SimError("no free approach to the robot within 1.2 rad of its heading")
    walk_up = [(fx, fy)]
    return VisitorSpec(person_id, "visitor", sx, sy, 0.8, 0.25, walk_up, "once"), (sx, sy)


def free_spot_in_front(
    space: Space, pose: tuple[float, float, float], distance_m: float, radius_m: float
) -> tuple[float, float]:
    """The point distance_m ahead, or the nearest one ahead/aside, then around the robot, that
    is not in furniture and that the robot can see (never behind the wall a docked robot
    faces)."""
    x, y, yaw = pose
    turns = (0.0, 0.4, -0.4, 0.8, -0.8, 1.2, -1.2, 1.6, -1.6, 2.0, -2.0, 2.5, -2.5, math.pi)
    for wide in (False, True):
        for d in np.arange(distance_m, 0.45, -0.1):
            for side in turns[5:] if wide else turns[:5]:
                a = yaw + side
                px, py = x + d * math.cos(a), y + d * math.sin(a)
                if space.clearance_at(px, py) >= radius_m and space.line_clear(x, y, px, py, 0.05):
                    return (px, py)
    return (x + distance_m * math.cos(yaw), y + distance_m * math.sin(yaw))
