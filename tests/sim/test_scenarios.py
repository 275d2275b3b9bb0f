"""Scenario files: every route leg is walkable, presets give the promised crowds."""

from __future__ import annotations

import numpy as np
import pytest
from concierge_sim.scenario import ScenarioError, load_scenario, load_scenario_file, scenario_path
from concierge_sim.world import load_world


@pytest.mark.parametrize("site", ["city_hall", "arboretum"])
def test_every_route_leg_is_a_straight_walk_in_free_space(site):
    world = load_world(site)
    clear = world.clearance()
    data = load_scenario_file(scenario_path(site))
    points = {k: np.array(v, dtype=float) for k, v in data["points"].items()}
    bad = []
    for name, route in data["routes"].items():
        for a, b in zip(route, route[1:], strict=False):
            pa, pb = points[a], points[b]
            n = int(np.hypot(*(pb - pa)) / 0.05) + 2
            for t in np.linspace(0, 1, n):
                col, row = world.grid.world_to_cell(*(pa + (pb - pa) * t))
                if clear[row, col] < 0.45:
                    bad.append(f"{name}: {a} -> {b}")
                    break
    assert not bad


@pytest.mark.parametrize("site", ["city_hall", "arboretum"])
def test_presets_grow_from_light_to_crowded(site):
    sizes = [len(load_scenario(site, p, seed=0).visitors) for p in ("light", "normal", "crowded")]
    assert sizes[0] < sizes[1] < sizes[2]
    assert sizes[2] >= 20
    kinds = {v.kind for v in load_scenario(site, "crowded").visitors}
    assert {"walker", "slow", "child", "wheelchair", "group", "follower"} <= kinds


def test_visitor_count_can_be_set_exactly():
    assert len(load_scenario("city_hall", "normal", visitors=20).visitors) == 20
    assert len(load_scenario("city_hall", "normal", visitors=3).visitors) == 3


def test_unknown_preset_names_the_known_ones():
    with pytest.raises(ScenarioError, match="crowded"):
        load_scenario("city_hall", "packed")


def test_a_route_through_an_unknown_point_is_reported(tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text(
        "site: city_hall\npoints: {a: [30, 3]}\nroutes: {r: [a, nowhere]}\n"
        "presets: {normal: {walkers: 1}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match="nowhere"):
        load_scenario("city_hall", "normal", path=bad)
