"""Escort rules without ROS: who is the follower, and is the follower still with us."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Seen:
    id: str
    x: float
    y: float
    is_engaged: bool = False


def pick_follower(robot_xy: tuple[float, float], people: list[Seen], max_m: float) -> str | None:
    """The engaged person (talking to / facing the robot) nearest it within max_m, or None.

    A passer-by who is merely close is never taken for the visitor: losing them would end an
    escort that nobody asked to end."""
    engaged = [p for p in people if p.is_engaged and math.dist(robot_xy, (p.x, p.y)) <= max_m]
    if not engaged:
        return None
    return min(engaged, key=lambda p: math.dist(robot_xy, (p.x, p.y))).id


def follower_distance(robot_xy: tuple[float, float], people: list[Seen], follower_id: str):
    """Distance to the follower, or None when they are not detected."""
    for p in people:
        if p.id == follower_id:
            return math.dist(robot_xy, (p.x, p.y))
    return None


@dataclass
class FollowerMonitor:
    """Checks the follower every `check_every_m` of travel, as a person glancing back would."""

    follower_id: str
    check_every_m: float = 1.0
    lost_beyond_m: float = 3.5
    _odometer_m: float = 0.0
    _last_check_m: float = -1e9
    _last_xy: tuple[float, float] | None = None
    last_distance_m: float | None = None

    def update(self, robot_xy: tuple[float, float], people: list[Seen]) -> bool | None:
        """Feed the pose; returns True/False at a check point (follower there?), None between."""
        if self._last_xy is not None:
            self._odometer_m += math.dist(self._last_xy, robot_xy)
        self._last_xy = robot_xy
        if self._odometer_m - self._last_check_m < self.check_every_m:
            return None
        self._last_check_m = self._odometer_m
        return self.present(robot_xy, people)

    def present(self, robot_xy: tuple[float, float], people: list[Seen]) -> bool:
        self.last_distance_m = follower_distance(robot_xy, people, self.follower_id)
        return self.last_distance_m is not None and self.last_distance_m <= self.lost_beyond_m

    @property
    def travelled_m(self) -> float:
        return self._odometer_m
