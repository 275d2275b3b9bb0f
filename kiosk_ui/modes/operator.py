"""The operator console: live robot state, a map with pose, people and plan, mission launch,
pause/resume/cancel/e-stop, and the staff pager inbox.

State and rules live in ConsoleModel / PagerInbox / MapGeometry (plain Python, tested without
Qt); kiosk_ui.modes.operator_view only draws them and forwards clicks to the ROS bridge.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk_ui.modes.bridged import BridgedMode

# RobotStatus.state values (concierge_interfaces/msg/RobotStatus.msg)
IDLE, WORKING, CHARGING, PAUSED, ERROR, EMERGENCY_STOP = range(6)
DOCK_PLACE = "charging_dock"
PAGE_LEVELS = ("normal", "escalated", "urgent")


# ---- staff pager inbox -----------------------------------------------------------------------
@dataclass
class Page:
    page_id: str
    office_id: str = ""
    staff_id: str = ""
    reason: str = ""
    level: int | str = 0
    created: float | str = ""
    pending_answer: bool | None = None  # accept/decline sent, no reply yet
    acked_by: str = ""  # answered (here, by phone or at another console): no longer waiting

    def created_text(self) -> str:
        if isinstance(self.created, (int, float)) and self.created >= 1e9:
            return time.strftime("%H:%M:%S", time.localtime(self.created))
        if isinstance(self.created, (int, float)):
            return f"{self.created:.0f} s"  # sim time: seconds since the stack started
        text = str(self.created)
        return text[11:19] if len(text) >= 19 and text[10] in "T " else text


class PagerInbox:
    """Pages from /staff/pages, newest escalation first; nothing is dropped silently."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.rejected: list[str] = []  # why a message was not a page (shown in the log)

    def add(self, text: str) -> Page:
        """One JSON message; ValueError (kept in `rejected`) when it is not a page."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            page_id = str(data.get("page_id") or "").strip()
            if not page_id:
                raise ValueError("no page_id")
        except (json.JSONDecodeError, ValueError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            self.rejected.append(f"{reason}: {text[:80]}")
            raise ValueError(f"bad staff page ({reason})") from None
        page = Page(
            page_id=page_id,
            office_id=str(data.get("office_id", "")),
            staff_id=str(data.get("staff_id", "")),
            reason=str(data.get("reason", "")),
            level=data.get("level", 0),
            created=data.get("created", ""),
            acked_by=str(data.get("acked_by") or ""),
        )
        if page.acked_by:
            self.pages.pop(page_id, None)
            return page
        old = self.pages.get(page_id)
        if old is not None:  # an escalation re-publishes the page: keep an answer in flight
            page.pending_answer = old.pending_answer
        self.pages[page_id] = page
        return page

    def pending(self) -> list[Page]:
        def level_rank(p: Page) -> int:
            if isinstance(p.level, int):
                return p.level
            return PAGE_LEVELS.index(p.level) if p.level in PAGE_LEVELS else 0

        return sorted(self.pages.values(), key=lambda p: (-level_rank(p), str(p.created)))

    def answering(self, page_id: str, accept: bool) -> Page:
        page = self.pages[page_id]
        page.pending_answer = accept
        return page

    def answered(self, page_id: str, success: bool) -> None:
        """The pager's reply: success removes the page; failure keeps it to try again."""
        if success:
            self.pages.pop(page_id, None)
        elif page_id in self.pages:
            self.pages[page_id].pending_answer = None


# ---- the map ----------------------------------------------------------------------------------
@dataclass
class MapGeometry:
    """A Nav2 map (yaml + pgm): world metres <-> image pixels."""

    image_path: Path
    resolution: float
    origin_x: float
    origin_y: float
    height_px: int = 0

    @classmethod
    def load(cls, yaml_path: Path) -> MapGeometry:
        """ValueError with the file name when the map files are missing or malformed."""
        import yaml

        try:
            data = yaml.safe_load(Path(yaml_path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ValueError(f"map {yaml_path}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise ValueError(f"map {yaml_path}: not YAML ({exc})") from None
        try:
            image = Path(yaml_path).parent / str(data["image"])
            res = float(data["resolution"])
            ox, oy = float(data["origin"][0]), float(data["origin"][1])
        except (KeyError, TypeError, ValueError, IndexError):
            raise ValueError(f"map {yaml_path}: needs image, resolution and origin") from None
        if res <= 0:
            raise ValueError(f"map {yaml_path}: resolution must be > 0")
        if not image.is_file():
            raise ValueError(f"map {yaml_path}: image {image.name} is missing")
        return cls(image, res, ox, oy)

    def to_pixel(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.origin_x) / self.resolution, self.height_px - (
            y - self.origin_y
        ) / self.resolution

    def to_world(self, px: float, py: float) -> tuple[float, float]:
        return px * self.resolution + self.origin_x, (
            self.height_px - py
        ) * self.resolution + self.origin_y


def map_yaml_path(site: str, root: Path | None = None) -> Path:
    from concierge_content.paths import repo_root

    return (root or repo_root()) / "sim" / "maps" / f"{site}.yaml"


# ---- the console's state and rules -----------------------------------------------------------
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
    def __init__(self, site: str, log_size: int = 200):
        self.site = site
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
            "dock": can_launch and not self.robot.docked,
            "pause": c and s == WORKING,
            "resume": c and s == PAUSED,
            "cancel": c and (task_open or s in (WORKING, PAUSED)),
            "estop": c and s != EMERGENCY_STOP,
            "release_estop": c and s == EMERGENCY_STOP,
        }


# ---- the mode ---------------------------------------------------------------------------------
class OperatorMode(BridgedMode):
    name = "operator"
    title_key = "kiosk.mode_operator"

    def __init__(self, ctx, site: str | None = None, bridge=None):
        super().__init__(ctx, bridge)
        self.site = site or os.environ.get("CONCIERGE_SITE", "city_hall")
        self.model = ConsoleModel(self.site)

    def build(self, parent):
        from kiosk_ui.modes.operator_view import ConsoleView

        self.view = ConsoleView(self, parent)
        if self.bridge is None:
            from kiosk_ui.rosbridge import RobotBridge

            self.bridge = RobotBridge(self.view, node_name="kiosk_operator_console")
        self.view.connect_bridge(self.bridge)
        self.view.refresh()
        return self.view

    def idle_timeout(self) -> None:
        """An operator console keeps its state; nothing for a visitor to forget here."""
