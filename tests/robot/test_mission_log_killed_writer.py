"""A robot process killed (SIGKILL) mid-mission or mid-write leaves a log that opens, with only
complete rows, and the mission it never ended shown as interrupted."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

from concierge_robot.mission_log import MissionLog

from tests.docdrop.conftest import wait_for


def start_writer(script: str, db) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), str(db)],
        stdout=subprocess.PIPE,
        text=True,
    )


def kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=10) == -signal.SIGKILL


def test_a_mission_whose_writer_was_killed_is_listed_as_interrupted(tmp_path):
    db = tmp_path / "missions.db"
    child = start_writer(
        """
        import sys, threading
        from concierge_robot.mission_log import MissionLog
        log = MissionLog(sys.argv[1])
        log.record_start("escort-1", "escort", "voice", "passport_office", "concierge_1", 3.0)
        log.record_start("go-2", "go_to_place", "operator", "tax_office", "concierge_1", 4.0)
        log.record_end("go-2", "succeeded", distance_m=8.0, duration_s=11.0)
        print("escorting", flush=True)
        threading.Event().wait()
        """,
        db,
    )
    try:
        assert child.stdout.readline().strip() == "escorting"
        with MissionLog(db) as reader:  # the CLI while the robot runs: the escort is alive
            assert reader.interrupted_on_open == []
            assert {r.mission_id: r.outcome for r in reader.list()}["escort-1"] == "running"
    finally:
        kill(child)
    with MissionLog(db) as log:
        assert log.interrupted_on_open == ["escort-1"]
        outcomes = {r.mission_id: r.outcome for r in log.list()}
        assert outcomes == {"escort-1": "interrupted", "go-2": "succeeded"}
        assert log.list(outcome="interrupted")[0].ended_at_wall is None
    with MissionLog(db) as again:
        assert again.interrupted_on_open == []  # marked once, stays marked


def test_a_writer_killed_mid_write_leaves_only_complete_rows(tmp_path):
    db = tmp_path / "missions.db"
    child = start_writer(
        """
        import sys
        from concierge_robot.mission_log import MissionLog
        log = MissionLog(sys.argv[1])
        i = 0
        while True:
            mid = f"tour-{i}"
            log.record_start(mid, "tour", "touch", "spring_course", "concierge_1", float(i))
            log.record_end(mid, "succeeded", distance_m=1.0 * i, duration_s=2.0 * i,
                           detail={"stops": ["정문", "장미원"] * 50, "i": i})
            i += 1
            if i % 20 == 0:
                print(i, flush=True)
        """,
        db,
    )
    try:
        wait_for(lambda: int(child.stdout.readline() or 0) >= 60, 60, "60 missions written")
    finally:
        kill(child)
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    with MissionLog(db) as log:
        records = log.list()
        assert len(records) >= 60
        unfinished = [r for r in records if r.outcome != "succeeded"]
        assert len(unfinished) <= 1 and all(r.outcome == "interrupted" for r in unfinished)
        for r in records:
            if r.outcome == "succeeded":  # every end value is there, or none is
                i = int(r.mission_id.split("-")[1])
                assert (r.distance_m, r.duration_s, r.detail["i"]) == (1.0 * i, 2.0 * i, i)
                assert r.ended_at_wall is not None and len(r.detail["stops"]) == 100


def test_a_reused_pid_is_not_taken_for_the_writer(tmp_path):
    """Only the same process (pid and start time) counts as alive: after a restart the new
    robot process may get the old pid, and the old mission must still read as interrupted."""
    db = tmp_path / "missions.db"
    with MissionLog(db) as log:
        log.record_start("dock-1", "dock")
    raw = sqlite3.connect(db)
    host, boot, _pid, _ticks = raw.execute("SELECT writer FROM missions").fetchone()[0].split("|")
    raw.execute("UPDATE missions SET writer = ?", (f"{host}|{boot}|{os.getpid()}|1",))
    raw.commit()
    raw.close()
    with MissionLog(db) as log:
        assert log.interrupted_on_open == ["dock-1"]
