"""MissionRunner: one mission at a time, ticked on the robot's clock. Starting preempts the running
mission; the operator's pause, cancel and emergency stop always win; a low battery sends the robot
to its dock once the visitor has been served (or handed off). Every mission is written to the
mission log. Plain Python: the node feeds it sensing and calls, tests drive it directly."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import py_trees
from py_trees.common import Status

from concierge_robot.behaviours import PortCall, sequence
from concierge_robot.missions import go
from concierge_robot.missions.base import (
    BATTERY_TOO_LOW,
    EMERGENCY_STOP,
    INTENDED_GIVE_UPS,
    NAVIGATION_FAILED,
    Env,
    Plan,
    Refusal,
)

CONTROL_COMMANDS = ("pause", "resume", "cancel", "skip", "repeat", "end", "estop", "release_estop")
TOUR_ONLY = ("skip", "repeat", "end")


@dataclass
class Mission:
    plan: Plan
    requested_by: str  # action | voice | auto | operator
    started_s: float
    id: str = field(default_factory=lambda: "")
    status: Status = Status.INVALID
    outcome: str = ""  # succeeded | failed | canceled | preempted | stopped | gave_up
    code: int = 0
    message: str = ""
    travelled_m: float = 0.0
    done: threading.Event = field(default_factory=threading.Event)
    # Every phase the mission passed through, seen at tick boundaries (simulated time), so
    # feedback reports each one however little wall time it lasted; `changed` wakes readers.
    # A phase is listed again when the plan's milestone changes within it (a tour's next stop).
    phases: list[str] = field(default_factory=list)
    changed: threading.Event = field(default_factory=threading.Event)
    last_mark: tuple = ()

    @property
    def kind(self) -> str:
        return self.plan.kind


class MissionRunner:
    def __init__(
        self,
        env: Env,
        log_db=None,  # concierge_robot.mission_log.MissionLog, or None
        logger: Callable[[str], None] | None = None,
    ):
        self.env, self.log_db = env, log_db
        self.ctx, self.cfg = env.ctx, env.config
        self.say = logger or logging.getLogger("mission_runner").info
        self.lock = threading.RLock()
        self.mission: Mission | None = None
        self.tree: py_trees.trees.BehaviourTree | None = None
        self.last: Mission | None = None
        self.estop_source = ""  # who engaged the emergency stop ("" = released)

    # ---- state ------------------------------------------------------------------------
    @property
    def estop(self) -> bool:
        return bool(self.estop_source)

    def battery_low(self) -> bool:
        return self.ctx.battery_pct < self.cfg.low_battery_pct and not self.ctx.docked

    # ---- starting ---------------------------------------------------------------------
    def start(self, plan: Plan, requested_by: str = "action") -> Mission:
        """Run a checked plan now (preempting any other); Refusal when the robot must not."""
        with self.lock:
            if self.estop:
                raise Refusal(
                    EMERGENCY_STOP, "emergency stop is engaged: an operator must release it"
                )
            if plan.kind != "dock":
                self._check_battery()
            root = plan.tree
            if self.ctx.docked and plan.kind != "dock":
                undock = PortCall(
                    self.ctx, self.ctx.undock, self.ctx.make_undock_goal, "undocking",
                    NAVIGATION_FAILED, "undock",
                )  # fmt: skip
                root = sequence(root.name, [undock, root])
            if self.mission is not None:
                self._end(self.mission, "preempted", 904, "preempted by a newer mission")
            ctx = self.ctx
            ctx.error = None
            ctx.paused = ctx.skip = ctx.repeat = ctx.end = False
            ctx.phase, ctx.progress, ctx.distance_remaining_m = "starting", 0.0, 0.0
            ctx.counters = {}
            m = Mission(plan, requested_by, ctx.now_s())
            m.id = f"{plan.kind}-{uuid.uuid4().hex[:8]}"
            self.mission, self.tree = m, py_trees.trees.BehaviourTree(root)
        self.say(f"mission {m.id}: {plan.detail} ({requested_by})")
        self._log_start(m)
        return m

    def _check_battery(self) -> None:
        """No new visitor mission the battery cannot carry: on the dock below
        min_departure_pct, or away from it below low_battery_pct (it is going to charge)."""
        pct, cfg = self.ctx.battery_pct, self.cfg
        if self.ctx.docked and pct < cfg.min_departure_pct:
            raise Refusal(
                BATTERY_TOO_LOW,
                f"battery {pct:.0f} %: charging on the dock until {cfg.min_departure_pct:.0f} %",
            )
        if not self.ctx.docked and cfg.auto_dock and pct < cfg.low_battery_pct:
            raise Refusal(BATTERY_TOO_LOW, f"battery {pct:.0f} %: going to charge first")

    def refuse(self, kind: str, target: str, refusal: Refusal, requested_by: str = "action"):
        """A request that was not started still goes into the mission log, as rejected."""
        if self.log_db is None:
            return
        mission_id = f"{kind}-{uuid.uuid4().hex[:8]}"
        self._safe_log(
            lambda: (
                self.log_db.record_start(
                    mission_id,
                    kind,
                    requested_by,
                    target,
                    self.cfg.robot_name,
                    self.ctx.now_s(),
                    time.time(),
                ),  # fmt: skip
                self.log_db.record_end(
                    mission_id,
                    "rejected",
                    refusal.code,
                    refusal.message,
                    ended_at_sim_s=self.ctx.now_s(),
                ),  # fmt: skip
            )
        )

    # ---- ticking ----------------------------------------------------------------------
    def tick(self) -> Mission | None:
        """One tree tick; returns the mission if it just ended."""
        with self.lock:
            m = self.mission
            if m is None:
                self._maybe_dock()
                return None
            self.tree.tick()
            mark = (self.ctx.phase, m.plan.milestone())
            if mark != m.last_mark:
                m.last_mark = mark
                m.phases.append(self.ctx.phase)
                m.changed.set()
            status = self.tree.root.status
            if status not in (Status.SUCCESS, Status.FAILURE):
                return None
            if status == Status.SUCCESS:
                self._end(m, "succeeded", 0, "")
            else:
                err = self.ctx.error
                code, msg = (err.code, err.message) if err else (902, "mission failed")
                self._end(m, "gave_up" if code in INTENDED_GIVE_UPS else "failed", code, msg)
            return m

    def _maybe_dock(self) -> None:
        if not self.cfg.auto_dock or self.estop or not self.battery_low():
            return
        if not self.env.data.has_role("dock"):
            return
        self.say(f"battery {self.ctx.battery_pct:.0f} %: docking")
        self.start(go.plan_dock(self.env, "low battery", self.ctx.lang), requested_by="auto")

    # ---- ending -----------------------------------------------------------------------
    def _end(self, m: Mission, outcome: str, code: int, message: str) -> None:
        """Stop the tree (if still running) and record how the mission ended."""
        if m.done.is_set():
            return
        if self.tree is not None and self.mission is m:
            if self.tree.root.status == Status.RUNNING:
                self.tree.root.stop(Status.INVALID)
            self.mission, self.tree = None, None
        m.status = Status.SUCCESS if outcome == "succeeded" else Status.FAILURE
        m.outcome, m.code, m.message = outcome, code, message
        self.last = m
        try:
            m.plan.on_end()
        finally:
            m.done.set()
            m.changed.set()
        self.say(f"mission {m.id} {outcome}" + (f": {message}" if message else ""))
        self._log_end(m)

    def cancel(self, by: str = "caller") -> bool:
        with self.lock:
            m = self.mission
            if m is None:
                return False
            self._end(m, "canceled", 903, "canceled" if by == "caller" else f"canceled by {by}")
        self.ctx.nav.cancel()
        return True

    def engage_estop(self, source: str) -> None:
        """Stop everything now; only release_estop lets the robot move again."""
        with self.lock:
            first = not self.estop
            self.estop_source = self.estop_source or source
            if self.mission is not None:
                self._end(self.mission, "stopped", EMERGENCY_STOP, f"emergency stop ({source})")
        self.ctx.nav.cancel()
        self.ctx.dock.cancel()
        self.ctx.undock.cancel()
        if first:
            self.say(f"EMERGENCY STOP engaged by {source}")

    def release_estop(self, by: str) -> bool:
        with self.lock:
            was = self.estop
            self.estop_source = ""
        if was:
            self.say(f"emergency stop released by {by}")
        return was

    # ---- operator and visitor commands -------------------------------------------------
    def control(self, command: str, by: str = "operator") -> tuple[bool, str]:
        cmd = command.strip().lower()
        if cmd not in CONTROL_COMMANDS:
            return False, f"unknown command {command!r} (use {', '.join(CONTROL_COMMANDS)})"
        if cmd == "estop":
            self.engage_estop(by)
            return True, "emergency stop: all motion stopped"
        if cmd == "release_estop":
            if not self.release_estop(by):
                return False, "no emergency stop is engaged"
            return True, "emergency stop released"
        with self.lock:
            m = self.mission
            if m is None:
                return False, "no mission is running"
            if cmd == "cancel":
                self.cancel(by)
            elif cmd == "pause":
                self.ctx.paused = True
            elif cmd == "resume":
                self.ctx.paused = False
            elif m.kind != "tour":
                return False, f"{cmd} only applies to a tour"
            else:
                setattr(self.ctx, cmd, True)
            return True, f"{cmd}: ok ({m.id})"

    # ---- mission log --------------------------------------------------------------------
    def _log_start(self, m: Mission) -> None:
        if self.log_db is not None:
            self._safe_log(
                lambda: self.log_db.record_start(
                    m.id,
                    m.kind,
                    m.requested_by,
                    m.plan.target,
                    self.cfg.robot_name,
                    m.started_s,
                    time.time(),
                )  # fmt: skip
            )

    def _log_end(self, m: Mission) -> None:
        if self.log_db is None:
            return
        now = self.ctx.now_s()
        self._safe_log(
            lambda: self.log_db.record_end(
                m.id,
                m.outcome,
                m.code,
                m.message,
                distance_m=m.travelled_m,
                duration_s=now - m.started_s,
                visitors_lost=int(self.ctx.counters.get("times_follower_lost", 0)),
                ended_at_sim_s=now,
                detail=dict(self.ctx.counters),
            )  # fmt: skip
        )

    def _safe_log(self, write: Callable[[], object]) -> None:
        """A full disk or a locked database must never stop a mission: warn and go on."""
        try:
            write()
        except Exception as exc:  # sqlite3.Error, MissionLogError, OSError: all the same here
            self.say(f"mission log: {exc}")
