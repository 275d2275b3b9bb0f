"""Operator alerts, without Qt or ROS: each raised once while its condition lasts, kept until
acknowledged, written to the SQLite log."""

from __future__ import annotations

import json

from test_fleet import Clock, status

from kiosk_ui.console.alerts import AlertBook, AlertLog
from kiosk_ui.console.fleet import WORKING, Fleet
from kiosk_ui.console.pager import PagerInbox


def _book(tmp_path, clock):
    log = AlertLog(tmp_path / "alerts.db")
    return AlertBook(log, clock=clock, wall=lambda: 1764000000.0 + clock.now), log


def test_each_kind_of_alert_is_raised_once_and_logged(tmp_path):
    clock = Clock()
    book, log = _book(tmp_path, clock)
    fleet = Fleet(["robot1", "robot2"], clock=clock, offline_after_s=5.0)
    fleet.on_status("robot1", status(battery=15.0))
    fleet.on_status(
        "robot2",
        status(
            WORKING,
            task_id="m",
            task_state="underway",
            task_phase="waiting_for_visitor",
            errors=["stt: no mic"],
        ),
    )
    for name in fleet.names():
        book.check_robot(name, fleet)
        book.check_robot(name, fleet)  # the same condition again: no second alert
    kinds = sorted((a.kind, a.robot, a.subject) for a in book.active())
    assert kinds == [
        ("battery_low", "robot1", ""),
        ("node_down", "robot2", "stt"),
        ("visitor_lost", "robot2", ""),
    ]
    clock.now += 6.0  # robot1 falls silent
    book.check_robot("robot1", fleet)
    assert ("node_down", "robot1", "") in [a.key for a in book.active()]
    inbox = PagerInbox()
    inbox.add(json.dumps({"page_id": "pg1", "level": 0}))
    book.check_pages(inbox)
    assert not [a for a in book.active() if a.kind == "page_unanswered"]
    clock.now += 61.0
    book.check_pages(inbox)
    assert [a.subject for a in book.active() if a.kind == "page_unanswered"] == ["pg1"]
    assert len(log.rows()) == 5
    assert {r[1] for r in log.rows()} == {
        "battery_low",
        "node_down",
        "visitor_lost",
        "page_unanswered",
    }


def test_a_robot_that_does_not_move_while_driving_is_stuck(tmp_path):
    clock = Clock()
    book, _log = _book(tmp_path, clock)
    fleet = Fleet(["robot1"], clock=clock, offline_after_s=1e9)
    working = dict(task_id="m", task_state="underway", task_phase="driving")
    fleet.on_status("robot1", status(WORKING, x=1.0, **working))
    book.check_robot("robot1", fleet)
    clock.now += 20.0
    fleet.on_status("robot1", status(WORKING, x=1.1, **working))
    book.check_robot("robot1", fleet)
    assert not book.active()
    clock.now += 15.0
    book.check_robot("robot1", fleet)
    assert [a.kind for a in book.active()] == ["robot_stuck"]
    fleet.on_status("robot1", status(WORKING, x=3.0, **working))
    book.check_robot("robot1", fleet)
    assert not book.active()


def test_an_alert_stays_shown_until_acknowledged_even_when_over(tmp_path):
    clock = Clock()
    book, log = _book(tmp_path, clock)
    fleet = Fleet(["robot1"], clock=clock)
    fleet.on_status("robot1", status(battery=10.0))
    book.check_robot("robot1", fleet)
    fleet.on_status("robot1", status(battery=90.0))
    book.check_robot("robot1", fleet)
    [alert] = book.shown()
    assert not alert.active
    assert book.acknowledge(alert.alert_id) is alert
    assert book.shown() == [] and book.acknowledge(alert.alert_id) is None
    row = log.rows()[0]
    assert row[5] is not None and row[6] is not None  # cleared and acknowledged, with times
