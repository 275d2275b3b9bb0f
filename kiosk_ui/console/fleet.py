"""The fleet as the console sees it, plain Python (tested without Qt or ROS): every robot it
expects or has heard (an offline one stays listed), which are free, and the mission queue that
sends each order to its chosen robot or to the best free one. Robots of several sites can share
one console (the lobby pair and the arboretum's docent): an order is for one site's place or
course and only that site's robots take it."""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# RobotStatus.state values (concierge_interfaces/msg/RobotStatus.msg)
IDLE, WORKING, CHARGING, PAUSED, ERROR, EMERGENCY_STOP = range(6)
ANY_ROBOT = "*"  # an order for "any free robot"
STATUS_FIELDS = (
    "robot_name",
    "site",
    "state",
    "state_text",
    "docked",
    "task_id",
    "task_type",
    "task_state",
    "task_detail",
    "task_progress",
)


@dataclass
class RobotView:
    robot_name: str = ""
    site: str = ""
    state: int = IDLE
    state_text: str = ""
    battery_percent: float | None = None
    docked: bool = False
    task_id: str = ""
    task_type: str = ""
    task_state: str = ""
    task_detail: str = ""
    task_target: str = ""
    task_phase: str = ""
    distance_remaining_m: float = 0.0
    task_progress: float = 0.0
    errors: list[str] = field(default_factory=list)
    pose: tuple[float, float, float] | None = None  # x, y, yaw in the map frame

    def update(self, msg: Any) -> None:
        for name in STATUS_FIELDS:
            setattr(self, name, getattr(msg, name))
        # fields added with the fleet console; an older robot's status has none of them
        self.task_target = str(getattr(msg, "task_target", ""))
        self.task_phase = str(getattr(msg, "task_phase", ""))
        self.distance_remaining_m = float(getattr(msg, "distance_remaining_m", 0.0))
        self.battery_percent = float(msg.battery_percent)
        self.errors = list(msg.errors)
        self.pose = (msg.x, msg.y, msg.yaw)

    @property
    def task_open(self) -> bool:
        return bool(self.task_id) and self.task_state in ("queued", "underway", "paused")


@dataclass
class FleetRobot:
    name: str  # the ROS namespace without slashes; "" is the robot at the root
    home_site: str = ""  # where content says it works; its status's site wins once heard
    view: RobotView = field(default_factory=RobotView)
    last_heard_s: float | None = None  # console clock; None: never heard
    reserved_until_s: float = 0.0  # an order was just sent; not free until it shows or expires

    @property
    def label(self) -> str:
        return self.name or self.view.robot_name or "robot"

    @property
    def site(self) -> str:
        return self.view.site or self.home_site


class Fleet:
    """Robots by namespace, in the order they were expected or first heard. A robot is online
    while its status keeps coming (RobotStatus is published at 2 Hz)."""

    def __init__(
        self,
        expected: tuple[str, ...] | list[str] = ("",),
        *,
        clock: Callable[[], float] = time.monotonic,
        offline_after_s: float = 5.0,
        reserve_s: float = 10.0,
        low_battery_pct: float = 20.0,
        default_site: str = "",
        home_sites: dict[str, str] | None = None,
    ):
        self.clock = clock
        self.default_site = default_site  # where a robot is taken to be until told otherwise
        self.home_sites = dict(home_sites or {})  # robot -> its site, from content
        self.offline_after_s = offline_after_s
        self.reserve_s = reserve_s
        self.low_battery_pct = low_battery_pct
        self.robots: dict[str, FleetRobot] = {}
        for name in expected:
            self.expect(name)

    def expect(self, name: str) -> FleetRobot:
        name = name.strip("/")
        if name not in self.robots:
            self.robots[name] = FleetRobot(name, self.home_sites.get(name, ""))
        return self.robots[name]

    def site_of(self, name: str) -> str:
        """The robot's site: its status's, else content's, else default_site."""
        robot = self.robots.get(name.strip("/"))
        return (robot.site if robot is not None else "") or self.default_site

    def on_status(self, name: str, msg: Any) -> FleetRobot:
        robot = self.expect(name)
        robot.view.update(msg)
        robot.last_heard_s = self.clock()
        if robot.view.task_open or robot.view.state != IDLE:
            robot.reserved_until_s = 0.0  # the order showed up (or the robot is busy anyway)
        return robot

    def online(self, name: str) -> bool:
        robot = self.robots.get(name)
        if robot is None or robot.last_heard_s is None:
            return False
        return self.clock() - robot.last_heard_s < self.offline_after_s

    def is_free(self, name: str) -> bool:
        """Online, idle or charging, no open task, enough battery, no order on its way."""
        if not self.online(name):
            return False
        robot = self.robots[name]
        v = robot.view
        if v.state not in (IDLE, CHARGING) or v.task_open:
            return False
        if v.battery_percent is not None and v.battery_percent < self.low_battery_pct:
            return False
        return self.clock() >= robot.reserved_until_s

    def reserve(self, name: str) -> None:
        self.robots[name].reserved_until_s = self.clock() + self.reserve_s

    def names(self) -> list[str]:
        return list(self.robots)


@dataclass
class MissionOrder:
    order_id: int
    kind: str  # go_to_place | escort | tour (the console's mission kinds)
    target: str  # place or course id
    robot: str = ANY_ROBOT  # a namespace, or ANY_ROBOT
    lang: str = "ko"
    assigned_to: str | None = None
    site: str = ""  # whose place or course target is; "": any robot's (one site)


class MissionQueue:
    """Orders wait here, first in first out, until their robot (or any robot) is free. An order
    for a chosen robot never jumps to another; an "any" order may pass one that waits for a busy
    robot."""

    def __init__(self) -> None:
        self.pending: list[MissionOrder] = []
        self._ids = itertools.count(1)

    def add(
        self, kind: str, target: str, robot: str = ANY_ROBOT, lang: str = "ko", site: str = ""
    ) -> MissionOrder:
        order = MissionOrder(next(self._ids), kind, target, robot, lang, site=site)
        self.pending.append(order)
        return order

    def cancel(self, order_id: int) -> MissionOrder | None:
        for order in self.pending:
            if order.order_id == order_id:
                self.pending.remove(order)
                return order
        return None

    def dispatch(
        self,
        fleet: Fleet,
        where: Callable[[MissionOrder], tuple[float, float] | None] = lambda order: None,
    ) -> list[MissionOrder]:
        """Hand every order that can go now to a robot (reserving it); returns them in order.
        where(order): its target's position on its site's map, to send the nearest free robot.
        An order for a site goes only to that site's robots."""
        sent: list[MissionOrder] = []
        for order in list(self.pending):
            if order.robot != ANY_ROBOT:
                if order.robot not in fleet.robots:
                    continue
                choice = order.robot if fleet.is_free(order.robot) else None
            else:
                choice = _best_free(fleet, where(order), order.site)
            if choice is None:
                continue
            fleet.reserve(choice)
            order.assigned_to = choice
            self.pending.remove(order)
            sent.append(order)
        return sent


def _best_free(fleet: Fleet, goal: tuple[float, float] | None, site: str = "") -> str | None:
    free = [n for n in fleet.names()
            if fleet.is_free(n) and (not site or fleet.site_of(n) == site)]  # fmt: skip
    if not free:
        return None

    def rank(name: str) -> tuple[float, float, str]:
        v = fleet.robots[name].view
        dist = math.dist(goal, v.pose[:2]) if goal is not None and v.pose is not None else 0.0
        return (dist, -(v.battery_percent or 0.0), name)

    return min(free, key=rank)
