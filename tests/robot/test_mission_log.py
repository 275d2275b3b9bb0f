"""The mission log: what is recorded, what is refused, filters, figures and the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import threading

import pytest
from concierge_robot import mission_report as report
from concierge_robot.mission_log import MissionLog, MissionLogError
from concierge_robot.mission_report import percentile

T0 = dt.datetime(2026, 5, 4, 10, 0).timestamp()  # a Monday morning, local time
DAY = 86400


def add(log, mission_id, kind, target, outcome, at, duration_s=30.0, **end):
    log.record_start(mission_id, kind, "voice", target, "concierge_1", 10.0, at)
    if outcome != "running":
        end.setdefault("distance_m", 12.0)
        log.record_end(mission_id, outcome, duration_s=duration_s, ended_at_wall=at + 30, **end)


@pytest.fixture
def log(tmp_path):
    with MissionLog(tmp_path / "missions" / "missions.db") as log:
        yield log


def test_a_mission_is_recorded_from_start_to_end(log):
    log.record_start("escort-1", "escort", "voice", "passport_office", "concierge_1", 12.5, T0)
    (running,) = log.list()
    assert running.outcome == "running" and running.ended_at_wall is None
    log.record_end(
        "escort-1",
        "succeeded",
        distance_m=23.4,
        duration_s=41.0,
        visitors_lost=1,
        ended_at_sim_s=53.5,
        ended_at_wall=T0 + 9,
        detail={"times_follower_lost": 1, "메모": "엘리베이터 앞"},
    )
    (done,) = log.list()
    assert (done.kind, done.requested_by, done.target, done.robot) == (
        "escort",
        "voice",
        "passport_office",
        "concierge_1",
    )
    assert (done.outcome, done.distance_m, done.duration_s, done.visitors_lost) == (
        "succeeded",
        23.4,
        41.0,
        1,
    )
    assert (done.started_at_sim_s, done.ended_at_sim_s, done.ended_at_wall) == (12.5, 53.5, T0 + 9)
    assert done.detail == {"times_follower_lost": 1, "메모": "엘리베이터 앞"}


def test_wrong_calls_are_refused_and_change_nothing(log):
    log.record_start("go-1", "go_to_place", target="tax_office", started_at_wall=T0)
    with pytest.raises(MissionLogError, match="already in the log"):
        log.record_start("go-1", "go_to_place")
    with pytest.raises(MissionLogError, match="never started"):
        log.record_end("go-9", "succeeded")
    with pytest.raises(MissionLogError, match="outcome 'won'"):
        log.record_end("go-1", "won")
    with pytest.raises(MissionLogError, match="distance_m must be a finite number"):
        log.record_end("go-1", "succeeded", distance_m=float("nan"))
    with pytest.raises(MissionLogError, match="visitors_lost must be a whole number"):
        log.record_end("go-1", "succeeded", visitors_lost=1.5)
    with pytest.raises(MissionLogError, match="mission_id is required"):
        log.record_start(" ", "escort")
    assert [r.outcome for r in log.list()] == ["running"]  # the bad ends wrote nothing
    log.record_end("go-1", "failed", 901, "navigator is not running")
    with pytest.raises(MissionLogError, match=r"already ended \(failed\)"):
        log.record_end("go-1", "succeeded")
    (row,) = log.list()
    assert (row.outcome, row.error_code, row.error_msg) == (
        "failed",
        901,
        "navigator is not running",
    )


def test_filters_by_kind_outcome_day_and_robot(log):
    add(log, "escort-a", "escort", "passport_office", "succeeded", T0)
    add(log, "escort-b", "escort", "tax_office", "gave_up", T0 + DAY)
    add(log, "tour-a", "tour", "spring_course", "succeeded", T0 + DAY + 60)
    log.record_start("go-x", "go_to_place", robot="concierge_2", started_at_wall=T0 + 2 * DAY)
    assert [r.mission_id for r in log.list()] == ["go-x", "tour-a", "escort-b", "escort-a"]
    assert [r.mission_id for r in log.list(kind="escort")] == ["escort-b", "escort-a"]
    assert [r.mission_id for r in log.list(outcome="succeeded")] == ["tour-a", "escort-a"]
    monday, tuesday = dt.date(2026, 5, 4), dt.date(2026, 5, 5)
    assert [r.mission_id for r in log.list(since=tuesday)] == ["go-x", "tour-a", "escort-b"]
    assert [r.mission_id for r in log.list(since=monday, until=tuesday)] == ["escort-a"]
    assert [r.mission_id for r in log.list(robot="concierge_2")] == ["go-x"]
    assert [r.mission_id for r in log.list(limit=2)] == ["go-x", "tour-a"]
    assert (log.count(), log.count(kind="escort"), log.count(since=tuesday)) == (4, 2, 3)
    with pytest.raises(MissionLogError, match="outcome 'lost'"):
        log.list(outcome="lost")


def test_stats_per_type_for_the_daily_report(log):
    for i in range(20):  # escort durations 10, 20, ... 200 s; one intended give-up, one failure
        outcome = "gave_up" if i == 3 else "failed" if i == 7 else "succeeded"
        target = ["passport_office", "tax_office", "saebit_office", "passport_office"][i % 4]
        add(log, f"escort-{i}", "escort", target, outcome, T0 + i, duration_s=10.0 * (i + 1))
    add(log, "call-1", "call_staff", "saebit_office", "succeeded", T0, visitors_lost=0)
    add(log, "call-2", "call_staff", "saebit_office", "running", T0 + 5)
    stats = report.stats(log, since=dt.date(2026, 5, 4))
    assert list(stats) == ["call_staff", "escort"]
    escort = stats["escort"]
    assert escort.count == 20
    assert escort.outcomes == {"failed": 1, "gave_up": 1, "succeeded": 18}
    assert escort.success_rate == pytest.approx(18 / 20)
    assert escort.success_rate_excluding_give_ups == pytest.approx(18 / 19)
    assert escort.p95_duration_s == 190.0  # nearest rank: the 19th of 20
    assert escort.busiest_targets == [
        ("passport_office", 10),
        ("saebit_office", 5),
        ("tax_office", 5),
    ]
    assert escort.mean_distance_m == pytest.approx(12.0)
    call = stats["call_staff"]
    assert (call.count, call.success_rate, call.outcomes["running"]) == (2, 1.0, 1)
    assert report.stats(log, since=dt.date(2026, 5, 5)) == {}


def test_percentile_is_nearest_rank():
    assert percentile([], 95) is None
    assert percentile([5.0], 95) == 5.0
    assert percentile([float(v) for v in range(1, 101)], 95) == 95.0


def test_csv_has_a_bom_korean_text_and_no_formulas(log, tmp_path):
    add(log, "escort-1", "escort", "새빛민원실", "gave_up", T0, error_msg="방문객을 놓쳤어요")
    log.record_start("go-2", "go_to_place", '=HYPERLINK("http://x")', "-1+2", "concierge_1")
    out = tmp_path / "report.csv"
    assert report.export_csv(log, out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "새빛민원실".encode() in raw
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    by_id = {r["mission_id"]: r for r in rows}
    assert by_id["escort-1"]["target"] == "새빛민원실"
    assert by_id["escort-1"]["error_msg"] == "방문객을 놓쳤어요"
    assert by_id["escort-1"]["started_at"] == "2026-05-04 10:00:00"
    assert by_id["escort-1"]["outcome"] == "gave_up"
    assert by_id["go-2"]["requested_by"].startswith("'=")  # Excel shows it, does not run it
    assert by_id["go-2"]["target"] == "'-1+2"
    assert by_id["go-2"]["outcome"] == "running" and by_id["go-2"]["ended_at"] == ""
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_writers_in_threads_and_a_reader_in_another_connection(tmp_path):
    path = tmp_path / "missions.db"
    with MissionLog(path) as log:
        errors: list[Exception] = []

        def work(worker: int) -> None:
            try:
                for i in range(25):
                    mid = f"m-{worker}-{i}"
                    log.record_start(mid, "go_to_place", started_at_wall=T0 + i)
                    log.record_end(mid, "succeeded", duration_s=1.0)
            except Exception as exc:  # collected: a thread's failure must fail the test
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        with MissionLog(path) as reader:  # e.g. the CLI while the robot writes
            reader.list()
        for t in threads:
            t.join(timeout=60)
        assert not errors
        assert len(log.list(outcome="succeeded")) == 100
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_log_from_a_newer_version_is_not_touched(tmp_path):
    path = tmp_path / "missions.db"
    MissionLog(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(MissionLogError, match="newer version"):
        MissionLog(path)
    with pytest.raises(FileNotFoundError, match="no mission log at"):
        MissionLog(tmp_path / "nowhere.db", create=False)
    (tmp_path / "garbage.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(MissionLogError, match="cannot use the mission log"):
        MissionLog(tmp_path / "garbage.db")
