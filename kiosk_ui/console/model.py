"""The operator console's state and rules, plain Python (tested without Qt or ROS): what the
robot reports, where it and the people are, the log, and which commands work now."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from kiosk_ui.console.pager import PagerInbox

# RobotStatus.state values (concierge_interfaces/msg/RobotStatus.msg)
IDLE, WORKING, CHARGING, PAUSED, ERROR, EMERGENCY_STOP = range(6)


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
    task_progress: float = 0.0
    errors: list[str] = field(default_factory=list)
    pose: tuple[float, float, float] | None = None  # x, y, yaw in the map frame


class ConsoleModel:
    def __init__(self, site: str, dock_place: str | None = None, log_size: int = 200):
        self.site = site
        self.dock_place = dock_place  # the site's dock role; None: no dock button
        self.connected = False
        self.robot = RobotView()
        self.people: list[tuple[float, float]] = []
        self.plan: list[tuple[float, float]] = []
        self.inbox = PagerInbox()
        self.log: deque[tuple[str, str]] = deque(maxlen=log_size)  # (HH:MM:SS, text)

    def note(self, text: str) -> None:
        self.log.appendleft((time.strftime("%H:%M:%S"), text))

    def on_status(self, msg: Any) -> None:
        r = self.robot
        for name in (
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
        ):
            setattr(r, name, getattr(msg, name))
        r.battery_percent = float(msg.battery_percent)
        r.errors = list(msg.errors)
        r.pose = (msg.x, msg.y, msg.yaw)

    def on_odom(self, msg: Any) -> None:
        p = msg.pose.pose
        q = p.orientation
        yaw = math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z))
        self.robot.pose = (p.position.x, p.position.y, yaw)

    def on_people(self, msg: Any) -> None:
        self.people = [(p.pose.position.x, p.pose.position.y) for p in msg.people]

    def on_plan(self, msg: Any) -> None:
        self.plan = [(s.pose.position.x, s.pose.position.y) for s in msg.poses]

    def on_battery(self, msg: Any) -> None:
        pct = float(msg.percentage)
        if not math.isnan(pct):  # sensor_msgs/BatteryState: 0..1, NaN when unknown
            self.robot.battery_percent = pct * 100 if pct <= 1.0 else pct

    def commands(self) -> dict[str, bool]:
        """Which buttons work now. E-stop always works while connected: it must win."""
        c, s = self.connected, self.robot.state
        task_open = bool(self.robot.task_id) and self.robot.task_state in (
            "queued",
            "underway",
            "paused",
        )
        can_launch = c and s in (IDLE, WORKING, CHARGING)
        return {
            "go_to_place": can_launch,
            "escort": can_launch,
            "tour": can_launch,
            "dock": can_launch and not self.robot.docked and self.dock_place is not None,
            "pause": c and s == WORKING,
            "resume": c and s == PAUSED,
            "cancel": c and (task_open or s in (WORKING, PAUSED)),
            "estop": c and s != EMERGENCY_STOP,
            "release_estop": c and s == EMERGENCY_STOP,
        }
