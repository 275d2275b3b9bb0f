"""The operator console's state and rules, plain Python (tested without Qt or ROS): the fleet
(every robot, online or not), the selected robot and the people and plan around it, the mission
queue, alerts, the log, and which commands work now for a robot. The robots may work at several
sites (`sites`: robot -> site from content, else each robot's status says); the console's `site`
is the one a robot of unknown site is taken to be at."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from kiosk_ui.console.alerts import AlertBook
from kiosk_ui.console.fleet import (
    ANY_ROBOT,
    CHARGING,
    EMERGENCY_STOP,
    ERROR,
    IDLE,
    PAUSED,
    WORKING,
    Fleet,
    MissionOrder,
    MissionQueue,
    RobotView,
)
from kiosk_ui.console.pager import PagerInbox

__all__ = [
    "ANY_ROBOT",
    "CHARGING",
    "EMERGENCY_STOP",
    "ERROR",
    "IDLE",
    "PAUSED",
    "WORKING",
    "ConsoleModel",
    "RobotView",
]


class ConsoleModel:
    def __init__(
        self,
        site: str,
        dock_place: str | None = None,
        log_size: int = 200,
        *,
        robots: tuple[str, ...] | list[str] = ("",),
        clock: Callable[[], float] = time.monotonic,
        alerts: AlertBook | None = None,
        docks: dict[str, str] | None = None,
        sites: dict[str, str] | None = None,
    ):
        self.site = site
        self.dock_place = dock_place  # the site's dock role; None: no dock button
        self.docks = dict(docks or {})  # a fleet robot's own dock (content), by namespace
        self.connected = False  # the bridge hears at least one robot
        self.fleet = Fleet(robots, clock=clock, default_site=site, home_sites=sites)
        self.selected = self.fleet.names()[0] if self.fleet.robots else ""
        self.queue = MissionQueue()
        self.alerts = alerts if alerts is not None else AlertBook(clock=clock)
        self.people: list[tuple[float, float]] = []
        self.people_site = site  # whose visitors `people` are (the bridge's first robot's)
        self.plans: dict[str, list[tuple[float, float]]] = {}  # each robot's newest plan
        self.inbox = PagerInbox()
        self.log: deque[tuple[str, str]] = deque(maxlen=log_size)  # (HH:MM:SS, text)

    @property
    def robot(self) -> RobotView:
        """The selected robot (the one the map follows and the buttons command)."""
        return self.fleet.expect(self.selected).view

    def site_of(self, robot: str | None = None) -> str:
        """Where a robot works: its status's site, else content's, else the console's."""
        return self.fleet.site_of(self.selected if robot is None else robot)

    def sites(self) -> list[str]:
        """Every site a robot of the fleet works at, the console's own first."""
        found = [self.site] + [self.site_of(n) for n in self.fleet.names()]
        return list(dict.fromkeys(found))

    def select(self, name: str) -> None:
        self.fleet.expect(name)
        if name != self.selected:
            self.selected = name
            self.people = []

    def note(self, text: str) -> None:
        self.log.appendleft((time.strftime("%H:%M:%S"), text))

    def on_status(self, msg: Any, robot: str | None = None) -> None:
        name = self.selected if robot is None else robot
        self.fleet.on_status(name, msg)
        self.alerts.check_robot(name, self.fleet)

    def check_offline(self) -> None:
        """Called on a timer: a robot that went silent raises a node-down alert."""
        for name in self.fleet.names():
            self.alerts.check_robot(name, self.fleet)
        self.alerts.check_pages(self.inbox)

    def on_odom(self, msg: Any, robot: str | None = None) -> None:
        p = msg.pose.pose
        q = p.orientation
        yaw = math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z))
        name = self.selected if robot is None else robot
        self.fleet.expect(name).view.pose = (p.position.x, p.position.y, yaw)

    def on_people(self, msg: Any) -> None:
        """Visitors around the first robot (the one whose people the bridge streams)."""
        names = self.fleet.names()
        self.people = [(p.pose.position.x, p.pose.position.y) for p in msg.people]
        self.people_site = self.site_of(names[0] if names else "")

    def on_plan(self, msg: Any, robot: str | None = None) -> None:
        name = self.selected if robot is None else robot
        self.fleet.expect(name)
        self.plans[name] = [(s.pose.position.x, s.pose.position.y) for s in msg.poses]

    def on_battery(self, msg: Any, robot: str | None = None) -> None:
        pct = float(msg.percentage)
        if not math.isnan(pct):  # sensor_msgs/BatteryState: 0..1, NaN when unknown
            name = self.selected if robot is None else robot
            self.fleet.expect(name).view.battery_percent = pct * 100 if pct <= 1.0 else pct

    def dock_for(self, robot: str | None = None) -> str | None:
        """Where a robot charges: its own dock in the site's fleet, else the site's dock."""
        name = self.selected if robot is None else robot
        return self.docks.get(name, self.dock_place)

    def order(
        self,
        kind: str,
        target: str,
        robot: str = ANY_ROBOT,
        lang: str = "ko",
        site: str | None = None,
    ) -> MissionOrder:
        """Queue a mission for `site`'s place or course (default: the chosen robot's site, or
        the console's). A chosen robot of another site cannot take it: ValueError."""
        if site is None:
            site = self.site if robot == ANY_ROBOT else self.site_of(robot)
        if robot != ANY_ROBOT and self.site_of(robot) != site:
            raise ValueError(
                f"{robot} works at {self.site_of(robot)}, the {kind} target {target} is at {site}"
            )
        return self.queue.add(kind, target, robot, lang, site=site)

    def dispatch(
        self, where: Callable[[MissionOrder], tuple[float, float] | None] = lambda o: None
    ) -> list[MissionOrder]:
        """Orders that can go now, each with the robot it goes to (assigned_to)."""
        if not self.connected:
            return []
        return self.queue.dispatch(self.fleet, where)

    def commands(self, robot: str | None = None) -> dict[str, bool]:
        """Which buttons work now for a robot. E-stop always works while it is online."""
        name = self.selected if robot is None else robot
        view = self.fleet.expect(name).view
        c = self.connected and self.fleet.online(name)
        s = view.state
        can_launch = c and s in (IDLE, WORKING, CHARGING)
        return {
            "go_to_place": can_launch,
            "escort": can_launch,
            "tour": can_launch,
            "dock": can_launch and not view.docked and self.dock_for(name) is not None,
            "pause": c and s == WORKING,
            "resume": c and s == PAUSED,
            "cancel": c and (view.task_open or s in (WORKING, PAUSED)),
            "estop": c and s != EMERGENCY_STOP,
            "release_estop": c and s == EMERGENCY_STOP,
        }
