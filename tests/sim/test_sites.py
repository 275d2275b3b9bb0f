"""Several sites in one simulation (issue 16): the lobby robots and the arboretum's docent each in
their own world, on one clock; commands reach the right world; a name clash is refused."""

from __future__ import annotations

import pytest
from concierge_content.places import load_places
from concierge_sim.core import RobotSpec, SimError, Simulator
from concierge_sim.scenario import load_scenario
from concierge_sim.sim_node import fleet_specs
from concierge_sim.sites import Sites, parse_sites
from concierge_sim.world import load_world


@pytest.fixture(scope="module")
def worlds():
    return {s: load_world(s) for s in ("city_hall", "arboretum")}


def _sites(worlds) -> Sites:
    return Sites(
        {
            "city_hall": Simulator(
                worlds["city_hall"],
                load_scenario("city_hall", "light", seed=1),
                robots=fleet_specs("city_hall", 1),
            ),
            "arboretum": Simulator(
                worlds["arboretum"],
                load_scenario("arboretum", "light", seed=1, visitors=3),
                robots=fleet_specs("arboretum", 1),
            ),
        }
    )


def test_sites_are_parsed_strictly():
    assert parse_sites("city_hall:2, arboretum:1") == [("city_hall", 2), ("arboretum", 1)]
    assert parse_sites("city_hall:2,arboretum:0") == [("city_hall", 2)]  # 0: not simulated
    for bad, why in [
        ("city_hall:two", "not <site>:<robots>"),
        (":1", "not <site>:<robots>"),
        ("city_hall:1,city_hall:2", "twice"),
        ("city_hall:0", "no site"),
        ("", "no site"),
    ]:
        with pytest.raises(ValueError, match=why):
            parse_sites(bad)


def test_each_robot_lives_in_its_own_sites_world_on_one_clock(worlds):
    sites = _sites(worlds)
    assert sites.robot_names() == ["robot1", "docent1"]
    assert sites.site_of("/docent1") == "arboretum"
    park = load_places("arboretum")
    docked = park.get(park.roles_for("docent1")["dock"]).docked_pose
    assert sites.body("docent1").robot_pose[:2] == pytest.approx((docked.x, docked.y), abs=0.02)
    # each robot's visitors are its own site's
    assert len(sites.people("docent1")) == 3
    lobby = sites.sims["city_hall"].people()
    assert {p.id for p in sites.people("robot1")} == {p.id for p in lobby}
    assert len(sites.people()) == len(sites.people("robot1")) + 3

    before = sites.body("robot1").robot_pose
    # a command goes to the world of its robot: the docent leaves its dock, robot1 stays
    for _ in range(20):
        sites.set_cmd_vel(-0.3, 0.0, "docent1")
        sites.step(0.1)
    assert sites.time_s == pytest.approx(2.0)
    assert sites.sims["city_hall"].time_s == sites.sims["arboretum"].time_s
    assert not sites.body("docent1").docked
    assert sites.body("robot1").robot_pose == pytest.approx(before)
    assert sites.scan("docent1").shape == sites.scan("robot1").shape

    result = sites.command({"op": "set_battery", "robot": "docent1", "pct": 42.0})
    assert result["ok"], result
    assert sites.body("docent1").battery == pytest.approx(42.0)
    assert sites.body("robot1").battery != pytest.approx(42.0)
    unknown = sites.command({"op": "set_battery", "robot": "robot9", "pct": 5.0})
    assert not unknown["ok"] and "no robot 'robot9'" in unknown["error"]
    nowhere = sites.command({"op": "add_obstacle", "site": "harbour", "x": 1, "y": 1})
    assert not nowhere["ok"] and "no site 'harbour'" in nowhere["error"]
    assert sites.collisions == 0


def test_a_robot_name_used_at_two_sites_is_refused(worlds):
    with pytest.raises(SimError, match="unique across sites"):
        Sites(
            {
                "city_hall": Simulator(worlds["city_hall"], robots=[RobotSpec("r", "")]),
                "arboretum": Simulator(worlds["arboretum"], robots=[RobotSpec("r", "")]),
            }
        )
