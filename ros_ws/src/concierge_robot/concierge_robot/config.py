"""The mission manager's settings: every ROS parameter declared once, with its description, read
once and checked, so a bad value stops the node at start with a message naming it.

Places the robot uses (home, dock, staff office) are not settings: they are roles in the site's
content (places.yaml `roles`)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class MissionConfig:
    site: str = "city_hall"
    robot_name: str = "concierge_1"
    low_battery_pct: float = 20.0
    min_departure_pct: float = 10.0
    auto_dock: bool = True
    handoff_distance_m: float = 12.0
    follower_check_every_m: float = 1.0
    follower_lost_timeout_s: float = 10.0
    staff_escalate_after_s: float = 60.0
    staff_max_wait_s: float = 300.0
    staff_expected_wait_min: int = 3
    paging_url: str = ""
    paging_timeout_s: float = 2.0
    paging_poll_s: float = 1.0
    mission_log: str = ""
    tick_hz: float = 10.0
    react_to_intents: bool = True
    lockstep: bool = False

    def __post_init__(self) -> None:
        problems = []
        if not 0.0 <= self.min_departure_pct <= self.low_battery_pct <= 100.0:
            problems.append("need 0 <= min_departure_pct <= low_battery_pct <= 100")
        for name in ("tick_hz", "follower_check_every_m", "follower_lost_timeout_s",
                     "staff_escalate_after_s", "staff_max_wait_s", "paging_timeout_s",
                     "paging_poll_s"):  # fmt: skip
            if getattr(self, name) <= 0:
                problems.append(f"{name} must be > 0 (got {getattr(self, name)})")
        if self.handoff_distance_m < 0:
            problems.append("handoff_distance_m must be >= 0")
        if self.paging_url and not self.paging_url.startswith(("http://", "https://")):
            problems.append(f"paging_url {self.paging_url!r}: use http://host:port or ''")
        if problems:
            raise ValueError("mission_manager parameters: " + "; ".join(problems))


DESCRIPTIONS = {
    "site": "site whose content/ places, staff and courses to use",
    "robot_name": "name in /robot/status and the mission log",
    "low_battery_pct": "below this the robot finishes or hands off its visitor, then docks",
    "min_departure_pct": "below this a robot on its dock refuses missions until it has charged",
    "auto_dock": "dock by itself on low battery",
    "handoff_distance_m": "low battery mid-escort: still lead the visitor if this close",
    "follower_check_every_m": "escort: glance back every this many metres",
    "follower_lost_timeout_s": "escort: give up after the visitor is gone this long",
    "staff_escalate_after_s": "page the next official after this long unanswered",
    "staff_max_wait_s": "give up paging after this long",
    "staff_expected_wait_min": "what the visitor is told to expect",
    "paging_url": "paging service (http://127.0.0.1:8760); '' = pages on the topic only",
    "paging_timeout_s": "one paging request may take this long before 'service unavailable'",
    "paging_poll_s": "ask the paging service for answers this often (sim seconds)",
    "mission_log": "SQLite mission log path; '' = var/missions/missions.db, 'none' = off",
    "tick_hz": "behaviour tree tick rate (sim time)",
    "react_to_intents": "start escort/call_staff/tour from /dialog/intent",
    "lockstep": "tick with the simulator's steps and acknowledge each one",
}


def declare_and_read(node) -> MissionConfig:
    """Declare every parameter on a node (defaults from MissionConfig) and read them back."""
    from rcl_interfaces.msg import ParameterDescriptor

    kinds = {"float": float, "int": int, "bool": bool, "str": str}  # annotations are strings
    values = {}
    for f in fields(MissionConfig):
        desc = ParameterDescriptor(description=DESCRIPTIONS[f.name])
        values[f.name] = kinds[f.type](node.declare_parameter(f.name, f.default, desc).value)
    return MissionConfig(**values)
