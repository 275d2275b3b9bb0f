"""The day's figures from a real mission log (written by concierge_robot.mission_log)."""

from __future__ import annotations

import datetime as dt

from concierge_robot.mission_log import MissionLog

from kiosk_ui.console.stats import day_figures


def test_figures_count_missions_per_type_success_and_busiest_places(tmp_path):
    path = tmp_path / "missions.db"
    log = MissionLog(path)
    plan = [
        ("m1", "escort", "passport_office", "succeeded"),
        ("m2", "escort", "passport_office", "gave_up"),
        ("m3", "go_to_place", "passport_office", "succeeded"),
        ("m4", "go_to_place", "civil_affairs", "failed"),
        ("m5", "tour", "spring_walk", None),  # still running
    ]
    for mission_id, kind, target, outcome in plan:
        log.record_start(mission_id, kind, "operator", target, "robot1", started_at_sim_s=0.0)
        if outcome:
            log.record_end(mission_id, outcome)
    log.close()
    f = day_figures(path)
    assert f.per_kind == {"escort": 2, "go_to_place": 2, "tour": 1}
    assert f.success_pct == {"escort": 50.0, "go_to_place": 50.0}
    assert f.busiest[0] == ("passport_office", 3)
    assert (f.total, f.succeeded) == (5, 2)
    assert day_figures(path, dt.date.today() - dt.timedelta(days=1)).total == 0
    assert day_figures(tmp_path / "none.db").total == 0
