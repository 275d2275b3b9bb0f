"""The day's figures for the console's charts, plain Python: missions per type, success per
type and the busiest places. Read-only SQL on the robots' mission log (var/missions/missions.db,
columns as in ros_ws/README.md "Mission log"); the console does not import the robot package
(concierge_robot.mission_report computes the same figures for `concierge missions stats`)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ENDED_NOT_JUDGED = ("running",)  # a mission still running has no outcome yet


@dataclass
class DayFigures:
    day: dt.date
    per_kind: dict[str, int] = field(default_factory=dict)  # kind -> missions
    success_pct: dict[str, float] = field(default_factory=dict)  # kind -> % of ended ones
    busiest: list[tuple[str, int]] = field(default_factory=list)  # target -> missions, top 5
    total: int = 0
    succeeded: int = 0

    @property
    def success_rate_pct(self) -> int:
        return round(100 * self.succeeded / self.total) if self.total else 0


def figures(rows: list[tuple[str, str, str]], day: dt.date) -> DayFigures:
    """rows: (kind, outcome, target) of the day's missions."""
    out = DayFigures(day)
    by_kind: dict[str, Counter] = {}
    for kind, outcome, _target in rows:
        by_kind.setdefault(kind, Counter())[outcome] += 1
    for kind in sorted(by_kind):
        outcomes = by_kind[kind]
        out.per_kind[kind] = sum(outcomes.values())
        ended = out.per_kind[kind] - sum(outcomes[o] for o in ENDED_NOT_JUDGED)
        if ended:
            out.success_pct[kind] = round(100 * outcomes["succeeded"] / ended, 1)
    out.busiest = Counter(t for _k, _o, t in rows if t).most_common(5)
    out.total = len(rows)
    out.succeeded = sum(1 for _k, o, _t in rows if o == "succeeded")
    return out


def day_figures(log_path: Path | str, day: dt.date | None = None) -> DayFigures:
    """The figures of one local day (today by default); no log yet: an empty day."""
    day = day or dt.date.today()
    path = Path(log_path)
    if not path.is_file():
        return DayFigures(day)
    start = dt.datetime.combine(day, dt.time()).timestamp()
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).timestamp()
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2.0)
    try:
        rows = db.execute(
            "SELECT kind, outcome, target FROM missions"
            " WHERE started_at_wall >= ? AND started_at_wall < ?",
            (start, end),
        ).fetchall()
    except sqlite3.DatabaseError:  # not a mission log (yet): no figures rather than a crash
        rows = []
    finally:
        db.close()
    return figures([(k, o, t or "") for k, o, t in rows], day)


def default_log_path() -> Path:
    from concierge_content.paths import var_root

    return var_root() / "missions" / "missions.db"
