"""The console's button rules, without Qt or ROS."""

from __future__ import annotations

from types import SimpleNamespace

from kiosk_ui.console.model import EMERGENCY_STOP, IDLE, PAUSED, WORKING, ConsoleModel


def _status(state: int, **kw):
    base = dict(
        robot_name="r",
        site="city_hall",
        state=state,
        state_text="",
        docked=False,
        task_id="",
        task_type="",
        task_state="",
        task_detail="",
        task_progress=0.0,
        battery_percent=50.0,
        errors=[],
        x=0.0,
        y=0.0,
        yaw=0.0,
    )
    base.update(kw)
    return SimpleNamespace(**base)


def test_console_buttons_follow_the_robot_state_and_estop_always_wins():
    model = ConsoleModel("city_hall", dock_place="dock_a")
    assert not any(model.commands().values())  # not connected: nothing pretends to work
    model.connected = True
    model.on_status(_status(IDLE, docked=True))
    c = model.commands()
    assert c["go_to_place"] and c["estop"] and not c["pause"] and not c["dock"]
    model.on_status(_status(IDLE, docked=False))
    assert model.commands()["dock"]
    model.on_status(_status(WORKING, task_id="t", task_state="underway"))
    c = model.commands()
    assert c["pause"] and c["cancel"] and c["estop"] and not c["resume"]
    model.on_status(_status(PAUSED, task_id="t", task_state="paused"))
    assert model.commands()["resume"] and not model.commands()["pause"]
    model.on_status(_status(EMERGENCY_STOP))
    c = model.commands()
    assert c["release_estop"] and not c["estop"] and not c["go_to_place"]


def test_a_site_without_a_dock_role_offers_no_dock_button():
    model = ConsoleModel("somewhere", dock_place=None)
    model.connected = True
    model.on_status(_status(IDLE))
    assert model.commands()["go_to_place"] and not model.commands()["dock"]
