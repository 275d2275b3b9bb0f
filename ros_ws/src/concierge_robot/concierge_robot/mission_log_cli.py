"""`concierge missions log|stats`: the mission log as a table, as CSV or as per-type figures."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from dataclasses import asdict

from concierge_robot import mission_report as report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("missions", help="the mission log: list, export CSV, per-type figures")
    ms = p.add_subparsers(dest="missions_cmd", required=True)

    def common(sp):
        sp.add_argument("--kind", help="only this mission type (go_to_place, escort, ...)")
        sp.add_argument("--since", type=_date, help="from this local date on (YYYY-MM-DD)")
        sp.add_argument("--until", type=_date, help="before this local date (YYYY-MM-DD)")
        sp.add_argument("--robot", help="only this robot")
        sp.add_argument("--db", help="log file (default var/missions/missions.db)")
        sp.add_argument("--lang", default="ko", choices=["ko", "en"])
        return sp

    from concierge_robot.mission_log import STATES

    lg = common(ms.add_parser("log", help="list missions, newest first (--csv FILE: export)"))
    lg.add_argument("--outcome", choices=STATES, help="only missions that ended this way")
    lg.add_argument("--limit", type=_positive, help="at most N (table default 50; CSV all)")
    lg.add_argument("--csv", metavar="FILE", help="write CSV (UTF-8 with BOM, for Excel)")
    lg.set_defaults(func=run_log)
    st = common(ms.add_parser("stats", help="per type: count, success rate, p95 time, places"))
    st.add_argument("--json", action="store_true", help="one JSON object (for charts)")
    st.set_defaults(func=run_stats)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(text)


def _open(args):
    from concierge_content.i18n import load_strings

    from concierge_robot.mission_log import MissionLog, default_path

    strings = load_strings()
    log = MissionLog(args.db or default_path(), create=False)
    if log.interrupted_on_open:
        n = len(log.interrupted_on_open)
        print(strings.t("missions.interrupted_found", args.lang, n=n), file=sys.stderr)
    return log, (lambda key, **fmt: strings.t(f"missions.{key}", args.lang, **fmt)), strings


def run_log(args: argparse.Namespace) -> int:
    from concierge_robot.mission_report import local_time

    log, t, strings = _open(args)
    filters = (args.kind, args.outcome, args.since, args.until, args.robot)
    with log:
        if args.csv:
            n = report.export_csv(log, args.csv, log.list(*filters, limit=args.limit))
            print(t("csv_written", n=n, path=args.csv), file=sys.stderr)
            return 0
        limit = args.limit or 50
        records = log.list(*filters, limit=limit)
        total = log.count(*filters)
    if not records:
        print(t("empty"))
        return 0
    head = ["id", "started", "kind", "target", "requested_by", "outcome"]
    head += ["distance", "duration", "lost", "robot", "error"]
    rows = [
        [
            r.mission_id,
            local_time(r.started_at_wall)[:16],
            _label(strings, "kind", r.kind, args.lang),
            r.target,
            r.requested_by,
            _label(strings, "outcome", r.outcome, args.lang),
            _num(r.distance_m, 1),
            _num(r.duration_s, 1),
            "" if r.visitors_lost is None else str(r.visitors_lost),
            r.robot,
            f"{r.error_code} {r.error_msg}".strip()[:40] if r.error_code or r.error_msg else "",
        ]
        for r in records
    ]
    print_table([t(f"col_{h}") for h in head], rows)
    if total > len(records):
        print(t("shown", shown=len(records), total=total))
    return 0


def run_stats(args: argparse.Namespace) -> int:
    log, t, strings = _open(args)
    with log:
        stats = report.stats(log, args.since, args.until, args.kind, args.robot)
    if args.json:
        print(json.dumps({k: asdict(s) for k, s in stats.items()}, ensure_ascii=False))
        return 0
    if not stats:
        print(t("empty"))
        return 0
    head = ["kind", "count", "success", "success_excl", "p95", "mean_distance", "lost", "busiest"]
    rows = [
        [
            _label(strings, "kind", s.kind, args.lang),
            str(s.count),
            _pct(s.success_rate),
            _pct(s.success_rate_excluding_give_ups),
            _num(s.p95_duration_s, 1),
            _num(s.mean_distance_m, 1),
            str(s.visitors_lost),
            ", ".join(f"{target} ({n})" for target, n in s.busiest_targets),
        ]
        for s in stats.values()
    ]
    print_table([t(f"col_{h}") for h in head], rows)
    return 0


def _label(strings, group: str, value: str, lang: str) -> str:
    key = f"missions.{group}_{value}"
    return strings.t(key, lang) if strings.has(key) else value


def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f} %"


def width(text: str) -> int:
    """Columns a terminal gives the text: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def print_table(head: list[str], rows: list[list[str]], out=None) -> None:
    out = out or sys.stdout
    widths = [max(width(row[i]) for row in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths, strict=True))

    print(line(head).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in rows:
        print(line(row).rstrip(), file=out)
