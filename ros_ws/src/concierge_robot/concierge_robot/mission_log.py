"""The mission log: every mission (who, what, when, outcome, distance, duration) in SQLite.

One row per mission, written twice (start, end), each write one transaction: a writer killed at
any moment leaves complete rows only. A mission whose writer died before its end is shown as
`interrupted` by the next MissionLog opened on the file. Plain Python, no ROS.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import socket
import sqlite3
import threading
import time
from dataclasses import dataclass, fields
from pathlib import Path

# How a mission ended, as the mission manager reports it. "gave_up" is an intended give-up (the
# visitor was lost for good, nobody answered a page); "stopped" an e-stop; "rejected" bad input.
OUTCOMES = ("succeeded", "failed", "canceled", "preempted", "stopped", "gave_up", "rejected")
# What the log shows: the outcomes, plus a mission still going and one whose writer died.
STATES = ("running", "interrupted", *OUTCOMES)
SCHEMA_VERSION = 1

_SCHEMA = f"""
CREATE TABLE missions (
    mission_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    requested_by TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    robot TEXT NOT NULL DEFAULT '',
    started_at_sim_s REAL,
    started_at_wall REAL NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN {STATES!r}),
    error_code INTEGER NOT NULL DEFAULT 0,
    error_msg TEXT NOT NULL DEFAULT '',
    distance_m REAL,
    duration_s REAL,
    visitors_lost INTEGER,
    collisions INTEGER,
    ended_at_sim_s REAL,
    ended_at_wall REAL,
    detail TEXT,
    writer TEXT NOT NULL
);
CREATE INDEX missions_by_start ON missions (started_at_wall);
CREATE INDEX missions_by_kind ON missions (kind, started_at_wall);
CREATE INDEX missions_running ON missions (outcome) WHERE outcome = 'running';
"""


class MissionLogError(ValueError):
    """The log cannot do what was asked; the message says why (unknown mission, bad value...)."""


@dataclass(frozen=True)
class MissionRecord:
    mission_id: str
    kind: str
    requested_by: str
    target: str
    robot: str
    started_at_sim_s: float | None
    started_at_wall: float
    outcome: str  # one of STATES
    error_code: int
    error_msg: str
    distance_m: float | None
    duration_s: float | None  # sim seconds, as the mission manager measures missions
    visitors_lost: int | None
    collisions: int | None
    ended_at_sim_s: float | None
    ended_at_wall: float | None
    detail: dict | None


class MissionLog:
    """A mission log file (created on first use unless create=False). Thread-safe."""

    def __init__(self, path: Path | str, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise FileNotFoundError(
                f"no mission log at {self.path} (the robot writes it when it runs missions)"
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._writer = _this_process()
        try:
            self._db = sqlite3.connect(
                self.path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
            self._db.row_factory = sqlite3.Row
            # WAL: readers (the CLI) never block the robot. FULL: a committed row survives a
            # power cut too, not only a killed process; missions are few, the cost is small.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._migrate()
            self.interrupted_on_open = self._mark_interrupted()
        except sqlite3.DatabaseError as exc:
            raise MissionLogError(f"cannot use the mission log {self.path}: {exc}") from None

    # -- writing ---------------------------------------------------------------------------
    def record_start(
        self,
        mission_id: str,
        kind: str,
        requested_by: str = "",
        target: str = "",
        robot: str = "",
        started_at_sim_s: float | None = None,
        started_at_wall: float | None = None,
    ) -> None:
        """A mission began. `requested_by`: who asked (voice, touch, operator, cli, auto)."""
        _check_text("mission_id", mission_id, required=True)
        _check_text("kind", kind, required=True)
        for name, value in (("requested_by", requested_by), ("target", target), ("robot", robot)):
            _check_text(name, value)
        row = (
            mission_id,
            kind,
            requested_by,
            target,
            robot,
            _number("started_at_sim_s", started_at_sim_s),
            _number("started_at_wall", started_at_wall or time.time()),
            self._writer,
        )
        try:
            self._write(
                "INSERT INTO missions (mission_id, kind, requested_by, target, robot, "
                "started_at_sim_s, started_at_wall, writer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        except sqlite3.IntegrityError:
            raise MissionLogError(f"mission {mission_id!r} is already in the log") from None

    def record_end(
        self,
        mission_id: str,
        outcome: str,
        error_code: int = 0,
        error_msg: str = "",
        distance_m: float | None = None,
        duration_s: float | None = None,
        visitors_lost: int = 0,
        collisions: int = 0,
        ended_at_sim_s: float | None = None,
        ended_at_wall: float | None = None,
        detail: dict | None = None,
    ) -> None:
        """A mission ended; every end value is written in one statement (all or nothing)."""
        if outcome not in OUTCOMES:
            raise MissionLogError(f"outcome {outcome!r}: use one of {', '.join(OUTCOMES)}")
        _check_text("error_msg", error_msg, limit=2000)
        values = (
            outcome,
            int(error_code),
            error_msg,
            _number("distance_m", distance_m),
            _number("duration_s", duration_s),
            _count("visitors_lost", visitors_lost),
            _count("collisions", collisions),
            _number("ended_at_sim_s", ended_at_sim_s, negative_ok=True),
            _number("ended_at_wall", ended_at_wall or time.time()),
            json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
            mission_id,
        )
        with self._lock, self._transaction():
            changed = self._db.execute(
                "UPDATE missions SET outcome = ?, error_code = ?, error_msg = ?, distance_m = ?, "
                "duration_s = ?, visitors_lost = ?, collisions = ?, ended_at_sim_s = ?, "
                "ended_at_wall = ?, detail = ? WHERE mission_id = ? AND outcome = 'running'",
                values,
            ).rowcount
            if changed != 1:
                row = self._db.execute(
                    "SELECT outcome FROM missions WHERE mission_id = ?", (mission_id,)
                ).fetchone()
                if row is None:
                    raise MissionLogError(f"mission {mission_id!r} was never started in the log")
                raise MissionLogError(f"mission {mission_id!r} already ended ({row['outcome']})")

    # -- reading ---------------------------------------------------------------------------
    def list(
        self,
        kind: str | None = None,
        outcome: str | None = None,
        since: dt.date | dt.datetime | float | None = None,
        until: dt.date | dt.datetime | float | None = None,
        robot: str | None = None,
        limit: int | None = None,
    ) -> list[MissionRecord]:
        """Missions, newest first. `since`/`until` (local dates or UNIX seconds): start time."""
        if outcome is not None and outcome not in STATES:
            raise MissionLogError(f"outcome {outcome!r}: use one of {', '.join(STATES)}")
        where, args = self._filters(kind, outcome, since, until, robot)
        sql = f"SELECT * FROM missions {where} ORDER BY started_at_wall DESC, mission_id DESC"
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        return [_record(r) for r in rows]

    def count(
        self,
        kind: str | None = None,
        outcome: str | None = None,
        since: dt.date | dt.datetime | float | None = None,
        until: dt.date | dt.datetime | float | None = None,
        robot: str | None = None,
    ) -> int:
        """How many missions list() would return without a limit."""
        where, args = self._filters(kind, outcome, since, until, robot)
        with self._lock:
            return self._db.execute(f"SELECT count(*) FROM missions {where}", args).fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> MissionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _transaction(self):
        # IMMEDIATE: take the write lock up front, so two writers queue instead of failing.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _write(self, sql: str, args: tuple) -> None:
        with self._lock, self._transaction():
            self._db.execute(sql, args)

    def _migrate(self) -> None:
        with self._lock, self._transaction():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise MissionLogError(
                    f"{self.path} was written by a newer version (schema {version}); update"
                )
            if version == 0:
                # Statement by statement: executescript() would COMMIT our transaction.
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _mark_interrupted(self) -> list[str]:
        """Missions whose writing process is gone can never end: mark them interrupted."""
        with self._lock, self._transaction():
            rows = self._db.execute(
                "SELECT mission_id, writer FROM missions WHERE outcome = 'running'"
            ).fetchall()
            dead = [r["mission_id"] for r in rows if not _writer_alive(r["writer"])]
            self._db.executemany(
                "UPDATE missions SET outcome = 'interrupted' "
                "WHERE mission_id = ? AND outcome = 'running'",
                [(m,) for m in dead],
            )
        return dead

    @staticmethod
    def _filters(kind, outcome, since, until, robot) -> tuple[str, list]:
        clauses, args = [], []
        for column, value in (("kind", kind), ("outcome", outcome), ("robot", robot)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        if since is not None:
            clauses.append("started_at_wall >= ?")
            args.append(_epoch(since))
        if until is not None:
            clauses.append("started_at_wall < ?")
            args.append(_epoch(until))
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", args


def default_path() -> Path:
    """Where the robot writes its log unless told otherwise: var/missions/missions.db."""
    from concierge_content.paths import var_root

    return var_root() / "missions" / "missions.db"


def _record(row: sqlite3.Row) -> MissionRecord:
    values = {f.name: row[f.name] for f in fields(MissionRecord)}
    values["detail"] = json.loads(row["detail"]) if row["detail"] else None
    return MissionRecord(**values)


def _epoch(value: dt.date | dt.datetime | float) -> float:
    if isinstance(value, dt.datetime):
        return value.timestamp()
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()).timestamp()  # local midnight
    return float(value)


def _check_text(name: str, value: object, required: bool = False, limit: int = 200) -> None:
    if not isinstance(value, str):
        raise MissionLogError(f"{name} must be text, got {type(value).__name__}")
    if required and not value.strip():
        raise MissionLogError(f"{name} is required")
    if len(value) > limit:
        raise MissionLogError(f"{name} is longer than {limit} characters")


def _number(name: str, value: float | None, negative_ok: bool = False) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise MissionLogError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number) or (number < 0 and not negative_ok):
        raise MissionLogError(f"{name} must be a finite number >= 0, got {value!r}")
    return number


def _count(name: str, value: int | None) -> int | None:
    number = _number(name, value)
    if number is not None and number != int(number):
        raise MissionLogError(f"{name} must be a whole number, got {value!r}")
    return None if number is None else int(number)


# -- which process writes: a mission is interrupted when its writer is gone -----------------
def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _start_ticks(pid: int) -> str | None:
    """The process's start time (clock ticks since boot): tells a reused pid from the writer."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22; fields 1-2 are pid and (comm)


def _this_process() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}|{_boot_id()}|{pid}|{_start_ticks(pid) or ''}"


def _writer_alive(writer: str) -> bool:
    try:
        host, boot, pid_text, ticks = writer.split("|")
        pid = int(pid_text)
    except ValueError:
        return False
    if host != socket.gethostname():
        return True  # another machine's process: we cannot tell, so we do not guess
    if boot and boot != _boot_id():
        return False  # written before a reboot
    if ticks:
        return _start_ticks(pid) == ticks
    try:  # no /proc: at least the pid must exist
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
