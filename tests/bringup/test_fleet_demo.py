"""`concierge run --robots N`: how the demo route is shared out among the fleet (no ROS)."""

from __future__ import annotations

import math

import pytest
from concierge_bringup.fleet_demo import FleetDemo, split_route
from concierge_content.places import load_places


def test_each_place_goes_to_the_robot_docked_nearest_and_each_robot_ends_on_its_own_dock():
    places = load_places("city_hall")
    robots = [r.namespace for r in places.fleet]
    plan = split_route(places, robots, places.demo_route)
    assert sorted(p for r in robots for p in plan[r][:-1]) == sorted(places.demo_route)
    for r in robots:
        assert plan[r][-1] == places.roles_for(r)["dock"]
        for place_id in plan[r][:-1]:
            p = places.get(place_id).pose
            mine = places.get(plan[r][-1]).pose
            for other in robots:
                theirs = places.get(places.roles_for(other)["dock"]).pose
                assert math.dist((p.x, p.y), (mine.x, mine.y)) <= math.dist(
                    (p.x, p.y), (theirs.x, theirs.y)
                )


def test_more_robots_than_the_fleet_is_a_clear_error():
    with pytest.raises(ValueError, match="fleet robot"):
        FleetDemo("city_hall", 5, "light", 0, 10.0, 60.0)
    with pytest.raises(ValueError, match="arboretum has 1 fleet robot"):
        FleetDemo("arboretum", 2, "light", 0, 10.0, 60.0)
    with pytest.raises(ValueError, match="another site"):
        FleetDemo("arboretum", 1, "light", 0, 10.0, 60.0, arboretum=1)


def test_the_docent_joins_with_the_arboretum_route_and_dock():
    demo = FleetDemo("city_hall", 2, "light", 0, 10.0, 60.0, arboretum=1)
    park = load_places("arboretum")
    assert demo.robots == ["robot1", "robot2", "docent1"]
    assert demo.site_of == {"robot1": "city_hall", "robot2": "city_hall", "docent1": "arboretum"}
    assert demo.plan["docent1"] == [*park.demo_route, park.roles_for("docent1")["dock"]]
    lobby = [p for r in ("robot1", "robot2") for p in demo.plan[r][:-1]]
    assert sorted(lobby) == sorted(load_places("city_hall").demo_route)
