"""The world comes from the SDF: walls block, the dock and zones are where the SDF puts them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from concierge_sim.world import FREE, OCCUPIED, UNKNOWN, load_world


@pytest.fixture(scope="module")
def city_hall():
    return load_world("city_hall")


def test_city_hall_is_real_scale_at_5cm(city_hall):
    x0, y0, x1, y1 = city_hall.bounds
    assert city_hall.grid.resolution == pytest.approx(0.05)
    assert 58 <= x1 - x0 <= 64 and 38 <= y1 - y0 <= 44
    assert city_hall.grid.data.dtype == np.int8
    assert set(np.unique(city_hall.grid.data)) <= {FREE, OCCUPIED, UNKNOWN}


def test_walls_pillars_and_counters_are_occupied_and_the_lobby_is_free(city_hall):
    g = city_hall.grid
    assert g.value(10.0, 0.15) == OCCUPIED  # south outer wall
    assert g.value(24.0, 8.0) == OCCUPIED  # a pillar
    assert g.value(30.0, 10.0) == OCCUPIED  # the information desk
    assert g.is_free(30.0, 5.0)  # the lobby
    assert g.is_free(30.0, 0.15)  # the open main entrance
    assert g.value(-0.5, 20.0) == UNKNOWN  # outside the building


def test_cells_and_world_coordinates_round_trip(city_hall):
    g = city_hall.grid
    col, row = g.world_to_cell(12.34, 5.67)
    x, y = g.cell_to_world(col, row)
    assert abs(x - 12.34) <= g.resolution / 2 and abs(y - 5.67) <= g.resolution / 2
    # row 0 is the bottom of the map, as in nav_msgs/OccupancyGrid
    assert g.cell_to_world(0, 0)[1] < g.cell_to_world(0, g.height - 1)[1]


def test_second_load_uses_the_cache_and_gives_the_same_grid(monkeypatch):
    import concierge_sim.world as world_module

    first = load_world("city_hall")

    def no_raster(*_args):
        raise AssertionError("rasterized again although the cache holds this world")

    monkeypatch.setattr(world_module, "rasterize", no_raster)
    again = load_world("city_hall")
    assert np.array_equal(again.grid.data, first.grid.data)


def test_dock_pose_faces_the_dock_in_free_space(city_hall):
    x, y, yaw = city_hall.dock_pose
    fx, fy, fyaw = city_hall.dock_face
    assert math.hypot(x - fx, y - fy) == pytest.approx(0.33, abs=0.01)
    assert abs(math.atan2(math.sin(yaw - fyaw - math.pi), math.cos(yaw - fyaw - math.pi))) < 1e-3
    assert city_hall.grid.is_free(x, y)


def test_zones_come_from_the_sdf(city_hall):
    assert city_hall.in_keepout(45.0, 23.0)  # staff area behind the counters
    assert not city_hall.in_keepout(45.0, 17.0)
    assert city_hall.speed_limit(30.0, 2.0) == pytest.approx(0.4)  # entrance
    assert city_hall.speed_limit(30.0, 20.0) is None
    assert city_hall.keepout_mask().sum() > 0


def test_arboretum_is_outdoor_scale_with_a_narrow_trail():
    w = load_world("arboretum")
    x0, y0, x1, y1 = w.bounds
    assert x1 - x0 >= 195 and y1 - y0 >= 145
    c = w.clearance()
    col, row = w.grid.world_to_cell(30.0, 100.0)  # forest trail between (20,100) and (40,100)
    assert 0.5 <= c[row, col] <= 1.2  # narrow: a 0.6 m robot fits with little room
    assert w.grid.value(48.0, 80.0) == OCCUPIED  # the pond
    assert w.speed_limit(160.0, 80.0) == pytest.approx(0.4)  # children's garden
