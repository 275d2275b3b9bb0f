"""Operator alerts, plain Python (tested without Qt or ROS): robot stuck, visitor lost, page not
acknowledged, battery low, node down. Each is raised once while its condition lasts, shown with
its time until the operator acknowledges it, and written to a log (SQLite, one row per alert)."""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the fleet and the inbox are only read
    from kiosk_ui.console.fleet import Fleet
    from kiosk_ui.console.pager import PagerInbox

ALERT_KINDS = ("robot_stuck", "visitor_lost", "page_unanswered", "battery_low", "node_down")
LOST_PHASES = ("waiting_for_visitor", "searching")
DRIVING_PHASES = ("driving", "leading", "returning", "moving", "docking", "undocking", "planning")
STUCK_PHASES = ("recovering",)
WORKING, CHARGING = 1, 2  # RobotStatus.state


@dataclass
class Alert:
    alert_id: int
    kind: str  # one of ALERT_KINDS
    robot: str  # namespace ("" the root robot; the page id's robot for pages)
    subject: str  # what it is about: the component, the page id, "" for the robot itself
    raised_wall: float  # time.time() when raised (shown to the operator)
    active: bool = True  # the condition still holds
    acked_wall: float | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.robot, self.subject)

    def time_text(self) -> str:
        return time.strftime("%H:%M:%S", time.localtime(self.raised_wall))


class AlertLog:
    """Every alert, one row, updated when cleared or acknowledged. SQLite under var/."""

    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT,"
        " robot TEXT, subject TEXT, raised REAL, cleared REAL, acked REAL)"
    )

    def __init__(self, path: Path | str):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        with self._db:
            self._db.execute(self.SCHEMA)

    def raised(self, a: Alert) -> int:
        with self._lock, self._db:
            cur = self._db.execute(
                "INSERT INTO alerts (kind, robot, subject, raised) VALUES (?, ?, ?, ?)",
                (a.kind, a.robot, a.subject, a.raised_wall),
            )
            return int(cur.lastrowid)

    def update(self, alert_id: int, column: str, when: float) -> None:
        assert column in ("cleared", "acked")
        with self._lock, self._db:
            self._db.execute(f"UPDATE alerts SET {column} = ? WHERE id = ?", (when, alert_id))

    def rows(self, limit: int = 100) -> list[tuple]:
        with self._lock:
            return self._db.execute(
                "SELECT id, kind, robot, subject, raised, cleared, acked FROM alerts"
                " ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()

    def close(self) -> None:
        self._db.close()


class AlertBook:
    """The alerts the console shows: active or not yet acknowledged, newest first."""

    def __init__(
        self,
        log: AlertLog | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        low_battery_pct: float = 20.0,
        stuck_after_s: float = 30.0,
        page_unanswered_s: float = 60.0,
    ):
        self.log = log
        self.clock, self.wall = clock, wall
        self.low_battery_pct = low_battery_pct
        self.stuck_after_s = stuck_after_s
        self.page_unanswered_s = page_unanswered_s
        self.alerts: list[Alert] = []
        self._active: dict[tuple[str, str, str], Alert] = {}
        self._moved: dict[str, tuple[tuple[float, float], float]] = {}  # robot: (where, since)
        self._page_seen: dict[str, float] = {}
        self._next_id = 1

    # ---- conditions ---------------------------------------------------------------------------
    def check_robot(self, name: str, fleet: Fleet) -> None:
        robot = fleet.robots[name]
        v = robot.view
        heard = robot.last_heard_s is not None
        online = fleet.online(name)
        self._set("node_down", name, "", heard and not online)
        components = {e.split(":", 1)[0].strip() for e in v.errors} if online else set()
        for key in [k for k in self._active if k[0] == "node_down" and k[1] == name and k[2]]:
            if key[2] not in components:
                self._set("node_down", name, key[2], False)
        for component in sorted(components):
            self._set("node_down", name, component, True)
        if not online:
            return
        low = (
            v.battery_percent is not None
            and v.battery_percent < self.low_battery_pct
            and not v.docked
            and v.state != CHARGING
        )
        self._set("battery_low", name, "", low)
        self._set("visitor_lost", name, "", v.state == WORKING and v.task_phase in LOST_PHASES)
        self._set("robot_stuck", name, "", self._stuck(name, v))

    def _stuck(self, name: str, v) -> bool:
        if v.state != WORKING or v.pose is None:
            self._moved.pop(name, None)
            return False
        if v.task_phase in STUCK_PHASES:
            return True
        now, here = self.clock(), (v.pose[0], v.pose[1])
        where, since = self._moved.get(name, (here, now))
        if math.dist(where, here) > 0.3 or v.task_phase not in DRIVING_PHASES:
            self._moved[name] = (here, now)
            return False
        self._moved.setdefault(name, (where, since))
        return now - since >= self.stuck_after_s

    def check_pages(self, inbox: PagerInbox) -> None:
        now = self.clock()
        waiting = set(inbox.pages)
        for page_id in list(self._page_seen):
            if page_id not in waiting:
                del self._page_seen[page_id]
        for key in [k for k in self._active if k[0] == "page_unanswered"]:
            if key[2] not in waiting:
                self._set(*key, False)
        for page_id, page in inbox.pages.items():
            seen = self._page_seen.setdefault(page_id, now)
            escalated = page.level not in (0, "normal", "", None)
            self._set(
                "page_unanswered", "", page_id, escalated or now - seen >= self.page_unanswered_s
            )

    def _set(self, kind: str, robot: str, subject: str, on: bool) -> None:
        key = (kind, robot, subject)
        alert = self._active.get(key)
        if on and alert is None:
            alert = Alert(self._next_id, kind, robot, subject, self.wall())
            if self.log is not None:
                alert.alert_id = self.log.raised(alert)
            self._next_id = alert.alert_id + 1
            self._active[key] = alert
            self.alerts.append(alert)
        elif not on and alert is not None:
            alert.active = False
            del self._active[key]
            if self.log is not None:
                self.log.update(alert.alert_id, "cleared", self.wall())

    # ---- the operator --------------------------------------------------------------------------
    def acknowledge(self, alert_id: int) -> Alert | None:
        for alert in self.alerts:
            if alert.alert_id == alert_id and alert.acked_wall is None:
                alert.acked_wall = self.wall()
                if self.log is not None:
                    self.log.update(alert_id, "acked", alert.acked_wall)
                return alert
        return None

    def shown(self) -> list[Alert]:
        """What the panel lists: not yet acknowledged (even if over), newest first."""
        return [a for a in reversed(self.alerts) if a.acked_wall is None]

    def active(self) -> list[Alert]:
        return list(self._active.values())
