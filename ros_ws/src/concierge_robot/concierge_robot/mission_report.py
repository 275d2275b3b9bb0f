"""Reports from the mission log: per-type figures (for the daily report and charts) and CSV
that Excel opens correctly. Plain functions over a MissionLog and its MissionRecord lists."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from concierge_robot.mission_log import MissionLog, MissionRecord


@dataclass(frozen=True)
class KindStats:
    """One mission type over a period (for the daily report and charts)."""

    kind: str
    count: int
    outcomes: dict[str, int]
    success_rate: float | None  # succeeded / ended (ended: not running)
    success_rate_excluding_give_ups: float | None  # the same without intended give-ups
    p95_duration_s: float | None
    mean_distance_m: float | None
    visitors_lost: int
    collisions: int
    busiest_targets: list[tuple[str, int]]  # the most frequent targets, most first (up to 3)


CSV_COLUMNS = [
    "mission_id",
    "kind",
    "requested_by",
    "target",
    "robot",
    "started_at",
    "ended_at",
    "outcome",
    "error_code",
    "error_msg",
    "distance_m",
    "duration_s",
    "visitors_lost",
    "collisions",
    "started_at_sim_s",
    "ended_at_sim_s",
    "detail",
]


def csv_row(r: MissionRecord) -> list[object]:
    """One CSV row; text that Excel would run as a formula is quoted with a leading '."""
    values = asdict(r)
    values["started_at"] = local_time(r.started_at_wall)
    values["ended_at"] = local_time(r.ended_at_wall) if r.ended_at_wall else ""
    values["detail"] = json.dumps(r.detail, ensure_ascii=False) if r.detail else ""
    row = []
    for column in CSV_COLUMNS:
        value = values[column]
        if value is None:
            value = ""
        elif isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            value = "'" + value
        row.append(value)
    return row


def local_time(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M:%S")


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of the values; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def stats_by_kind(records: list[MissionRecord]) -> dict[str, KindStats]:
    """Figures per mission type, types in name order."""
    by_kind: dict[str, list[MissionRecord]] = {}
    for r in records:
        by_kind.setdefault(r.kind, []).append(r)
    return {k: kind_stats(k, rs) for k, rs in sorted(by_kind.items())}


def kind_stats(kind: str, records: list[MissionRecord]) -> KindStats:
    outcomes = Counter(r.outcome for r in records)
    ended = len(records) - outcomes["running"]
    succeeded = outcomes["succeeded"]
    judged = ended - outcomes["gave_up"]
    distances = [r.distance_m for r in records if r.distance_m is not None]
    targets = Counter(r.target for r in records if r.target)
    return KindStats(
        kind=kind,
        count=len(records),
        outcomes=dict(sorted(outcomes.items())),
        success_rate=succeeded / ended if ended else None,
        success_rate_excluding_give_ups=succeeded / judged if judged else None,
        p95_duration_s=percentile([r.duration_s for r in records if r.duration_s is not None], 95),
        mean_distance_m=sum(distances) / len(distances) if distances else None,
        visitors_lost=sum(r.visitors_lost or 0 for r in records),
        collisions=sum(r.collisions or 0 for r in records),
        busiest_targets=sorted(targets.items(), key=lambda kv: (-kv[1], kv[0]))[:3],
    )


def stats(
    log: MissionLog,
    since: dt.date | dt.datetime | float | None = None,
    until: dt.date | dt.datetime | float | None = None,
    kind: str | None = None,
    robot: str | None = None,
) -> dict[str, KindStats]:
    """Per mission type: count, outcomes, success rates, p95 duration, busiest targets."""
    return stats_by_kind(log.list(kind=kind, since=since, until=until, robot=robot))


def export_csv(
    log: MissionLog, path: Path | str, records: list[MissionRecord] | None = None
) -> int:
    """Write missions (default: all) as CSV, UTF-8 with BOM so Excel reads Korean.

    Written to a temporary file first: an interrupted export leaves no half file behind.
    """
    records = log.list() if records is None else records
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(CSV_COLUMNS)
            for r in records:
                writer.writerow(csv_row(r))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return len(records)
