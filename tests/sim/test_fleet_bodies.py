"""Several robots in one simulated world (issue 16): each docked on its own dock from content,
seen by the others' lidar, never driven through another; one robot is the model as before."""

from __future__ import annotations

import math

import pytest
from concierge_content.places import load_places
from concierge_sim.core import RobotSpec, SimError, Simulator
from concierge_sim.sim_node import expand_lockstep_nodes, fleet_specs
from concierge_sim.world import load_world


@pytest.fixture(scope="module")
def city_hall():
    return load_world("city_hall")


def test_each_fleet_robot_starts_and_charges_on_its_own_dock_from_content(city_hall):
    places = load_places("city_hall")
    specs = fleet_specs("city_hall", 2)
    assert [s.name for s in specs] == [r.namespace for r in places.fleet[:2]]
    sim = Simulator(city_hall, robots=specs, robot=None)
    sim.set_battery(50.0, "robot2")
    sim.run(60.0)
    for spec in specs:
        body = sim.body(spec.name)
        want = places.get(spec.dock).docked_pose
        assert body.robot_pose[:2] == pytest.approx((want.x, want.y), abs=0.02)
        assert body.docked
    assert sim.body("robot2").battery == pytest.approx(52.0, abs=0.01)  # 2 %/min on its dock
    assert len({s.dock for s in specs}) == 2
    with pytest.raises(ValueError, match="fleet robot"):
        fleet_specs("city_hall", len(places.fleet) + 1)


def test_robots_see_each_other_in_the_lidar_and_stop_on_contact(city_hall):
    sim = Simulator(
        city_hall,
        robots=[RobotSpec("a", start_pose=(30.0, 6.0, 0.0)), RobotSpec("b", "", (32.0, 6.0, 0.0))],
    )
    ahead = sim.scan("a")[180]  # beam 180 points straight ahead (angle_min = -pi)
    assert ahead == pytest.approx(2.0 - 0.3, abs=0.06)
    behind = sim.scan("b")[0]
    assert behind == pytest.approx(2.0 - 0.3, abs=0.06)
    for _ in range(100):  # 5 s at 0.5 m/s: would pass through b without contacts
        sim.set_cmd_vel(0.5, 0.0, "a")
        sim.step(0.05)
    a, b = sim.body("a"), sim.body("b")
    assert math.dist(a.robot_pose[:2], b.robot_pose[:2]) >= 0.6 - 1e-9
    assert a.collisions == 1 and b.collisions == 0  # one contact, pressed on, counted once
    assert a.collision_log[0].what == "robot:b"
    assert sim.collisions == 1


def test_one_robot_is_the_robot_at_the_root_and_commands_can_name_a_robot(city_hall):
    single = Simulator(city_hall)
    assert single.robot_names() == [""] and single.robot_pose == pytest.approx(city_hall.dock_pose)
    sim = Simulator(city_hall, robots=fleet_specs("city_hall", 2))
    reply = sim.command({"op": "place_robot", "x": 40.0, "y": 8.0, "yaw": 0.0, "robot": "robot2"})
    assert reply["ok"], reply
    assert sim.body("robot2").robot_pose[:2] == (40.0, 8.0)
    assert sim.robot_pose[:2] != (40.0, 8.0)  # robot1 did not move
    pid = sim.command({"op": "summon_follower", "robot": "robot2"})["id"]
    follower = next(p for p in sim.people() if p.id == pid)
    assert math.dist((follower.x, follower.y), (40.0, 8.0)) < 2.0  # in front of robot2
    bad = sim.command({"op": "set_battery", "pct": 5, "robot": "robot9"})
    assert not bad["ok"] and "robot9" in bad["error"]
    with pytest.raises(SimError, match="on top of each other"):
        Simulator(city_hall, robots=[RobotSpec("a"), RobotSpec("b")])


def test_lockstep_waits_for_every_robots_nodes():
    names = expand_lockstep_nodes("navigator, mission_manager,/e2e", ["robot1", "robot2"])
    assert names == [
        "/robot1/navigator",
        "/robot2/navigator",
        "/robot1/mission_manager",
        "/robot2/mission_manager",
        "/e2e",
    ]
    assert expand_lockstep_nodes("navigator,mission_manager", [""]) == [
        "/navigator",
        "/mission_manager",
    ]
