"""`concierge mission ... --robot NS` speaks to one robot of a fleet (no ROS needed to check)."""

from __future__ import annotations

import argparse

from concierge_bringup.mission_cli import _goal, _ns, register
from concierge_content.places import load_places


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["mission", *argv])


def test_a_fleet_robots_names_are_under_its_namespace():
    args = _parse("go", "passport_office", "--robot", "robot2")
    _, name, goal = _goal(args)
    assert _ns(args, name) == "robot2/go_to_place" and goal.place_id == "passport_office"
    assert _ns(_parse("status", "--robot", "/robot2/"), "/robot/status") == "/robot2/robot/status"
    assert _ns(_parse("pause"), "mission_control") == "mission_control"  # the root robot


def test_dock_means_the_robots_own_dock():
    places = load_places("city_hall")
    _, _, mine = _goal(_parse("dock", "--robot", "robot2"))
    _, _, single = _goal(_parse("dock"))
    assert mine.place_id == places.roles_for("robot2")["dock"] != single.place_id
    assert single.place_id == places.dock.id
