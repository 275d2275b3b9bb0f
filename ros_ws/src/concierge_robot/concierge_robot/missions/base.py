"""What every mission type provides: a check of the request (a Refusal with a code and a message
a person can act on), the behaviour tree, its feedback and its result fields.

A mission module has one function, `plan(goal, env) -> Plan`; the node serves it as an action
and the MissionRunner runs its tree. No ROS here: goals, feedback and results are whatever
message types the node passes in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import py_trees
from py_trees.common import Status

from concierge_robot.behaviours import RobotContext
from concierge_robot.config import MissionConfig
from concierge_robot.site_data import SiteData

# Error codes shared by the mission actions (concierge_interfaces/action/*.action).
UNKNOWN_PLACE = 901
NAVIGATION_FAILED = 902
CANCELED = 903
PREEMPTED = 904
NOT_READY = 905
EMERGENCY_STOP = 906
BATTERY_TOO_LOW = 907
VISITOR_LOST = 910
LOW_BATTERY = 911
UNKNOWN_COURSE = 920
ENDED_BY_VISITOR = 921
UNKNOWN_OFFICE = 940
NO_STAFF_AVAILABLE = 941
NOT_ACKNOWLEDGED = 942
PAGING_UNAVAILABLE = 943
UNKNOWN_STAFF = 944

# Failures that are the mission doing its job politely, not the robot failing (the mission
# log's "gave_up"): the visitor walked away, nobody answered, the battery ran low mid-escort.
INTENDED_GIVE_UPS = {VISITOR_LOST, LOW_BATTERY, NOT_ACKNOWLEDGED}


class Refusal(Exception):
    """A request the robot will not start; nothing was done."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class Env:
    """What a mission's plan may use: the robot's context, the site's content, the settings,
    and the texts it says (mission.* strings in content/i18n/mission.yaml)."""

    ctx: RobotContext
    data: SiteData
    config: MissionConfig
    services: dict[str, Any] = field(default_factory=dict)  # e.g. "paging": PagingLink

    def say(self, key: str, lang: str, **fmt: object) -> str:
        return self.data.t(key, lang, **fmt)


@dataclass
class Plan:
    """A checked request: the tree to run plus how to report on it."""

    kind: str  # go_to_place | escort | tour | call_staff | dock
    tree: py_trees.behaviour.Behaviour
    target: str  # place, course or office id (status line, mission log)
    detail: str  # one line for the status, e.g. "escort to passport_office"
    feedback: Callable[[Any], None] = lambda fb: None  # fills the action's Feedback
    result: Callable[[Any], None] = lambda res: None  # fills mission-specific Result fields
    on_end: Callable[[], None] = lambda: None  # clean-up however it ends (withdraw a page)
    # besides a phase change, what else is worth a feedback at once (a tour's next stop)
    milestone: Callable[[], Any] = lambda: None
    lang: str = "ko"


def lang_of(value: str) -> str:
    return value if value in ("ko", "en") else "ko"


class Fail(py_trees.behaviour.Behaviour):
    """Keep the error of the branch that failed before a recovery branch ran."""

    def __init__(self, ctx: RobotContext, error: list):
        super().__init__("Fail")
        self.ctx, self.error = ctx, error

    def update(self) -> Status:
        if self.error[0] is not None:
            self.ctx.error = self.error[0]
        return Status.FAILURE
