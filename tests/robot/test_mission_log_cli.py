"""`concierge missions log|stats`: a readable table, CSV for Excel, figures as JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from concierge_bringup.cli import main as concierge
from concierge_robot.mission_log import MissionLog
from concierge_robot.mission_log_cli import width

T0 = dt.datetime(2026, 5, 4, 9, 30).timestamp()


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path / "var"))
    path = tmp_path / "var" / "missions" / "missions.db"  # the default place
    with MissionLog(path) as log:
        for i, (kind, target, outcome) in enumerate(
            [
                ("escort", "passport_office", "succeeded"),
                ("escort", "tax_office", "gave_up"),
                ("call_staff", "saebit_office", "succeeded"),
                ("go_to_place", "charging_dock", "failed"),
            ]
        ):
            mid = f"{kind}-{i}"
            log.record_start(mid, kind, "voice", target, "concierge_1", 0.0, T0 + 600 * i)
            log.record_end(
                mid,
                outcome,
                931 if outcome == "gave_up" else 0,
                "방문객을 놓쳤어요" if outcome == "gave_up" else "",
                distance_m=10.0 * (i + 1),
                duration_s=20.0 + i,
                visitors_lost=1 if outcome == "gave_up" else 0,
            )
    return path


def test_log_prints_a_korean_table_aligned_for_wide_characters(db, capsys):
    assert concierge(["missions", "log"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "임무", "ID", "시작", "종류", "대상", "요청", "결과",
        "거리(m)", "시간(초)", "놓침", "로봇", "오류",
    ]  # fmt: skip
    assert len(lines) == 2 + 4
    rows = {line.split()[0]: line for line in lines[2:]}
    assert "중도 종료(의도됨)" in rows["escort-1"] and "931 방문객을 놓쳤어요" in rows["escort-1"]
    assert "2026-05-04 09:40" in rows["escort-1"] and "안내 동행" in rows["escort-1"]
    # columns line up on screen: "결과" starts at the same display column in every row
    starts = {width(line[: line.index(label)]) for line, label in zip(
        [lines[0], rows["escort-0"], rows["call_staff-2"]], ["결과", "성공", "성공"], strict=True
    )}  # fmt: skip
    assert len(starts) == 1


def test_log_filters_and_speaks_english(db, capsys):
    assert concierge(["missions", "log", "--kind", "escort", "--lang", "en", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "Outcome" in out and "gave up (intended)" in out and "escort-0" not in out
    assert "Showing the latest 1 of 2; --limit 2 shows all." in out
    assert concierge(["missions", "log", "--outcome", "failed"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()[2:]] == [
        "go_to_place-3"
    ]
    assert concierge(["missions", "log", "--since", "2026-05-05"]) == 0
    assert capsys.readouterr().out.strip() == "조건에 맞는 임무가 없어요."


def test_log_exports_csv_for_excel(db, tmp_path, capsys):
    out = tmp_path / "missions.csv"
    assert concierge(["missions", "log", "--csv", str(out), "--kind", "escort"]) == 0
    assert f"임무 2건을 {out}에 저장했어요" in capsys.readouterr().err
    text = out.read_bytes()
    assert text.startswith(b"\xef\xbb\xbfmission_id,kind,")
    assert "방문객을 놓쳤어요".encode() in text and text.count(b"\n") == 3


def test_stats_as_a_table_and_as_json(db, capsys):
    assert concierge(["missions", "stats"]) == 0
    out = capsys.readouterr().out
    assert "성공률(포기 제외)" in out and "passport_office (1), tax_office (1)" in out
    assert concierge(["missions", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["escort"]["success_rate"] == 0.5
    assert stats["escort"]["success_rate_excluding_give_ups"] == 1.0
    assert stats["escort"]["p95_duration_s"] == 21.0


def test_bad_arguments_and_a_missing_log_are_one_clear_line(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as bad_date:
        concierge(["missions", "log", "--since", "04/05/2026"])
    assert bad_date.value.code == 2
    assert "expected a date YYYY-MM-DD, got '04/05/2026'" in capsys.readouterr().err
    assert concierge(["missions", "log", "--db", str(tmp_path / "typo.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("concierge missions: no mission log at") and "typo.db" in err
    assert not (tmp_path / "typo.db").exists()  # reading never creates a log
