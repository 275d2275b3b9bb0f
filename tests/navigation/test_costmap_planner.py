"""Costmap layers and the global planner on synthetic grids (no ROS, no simulator)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from concierge_navigation.config import NavConfig
from concierge_navigation.controller import Person
from concierge_navigation.costmap import INSCRIBED, LETHAL, Costmap, inflation_cost
from concierge_navigation.grid import GridMap
from concierge_navigation.planner import GlobalPlanner, PlanningError, path_length
from synthetic import lobby, raycast_scan


def _room(res=0.05, size_m=10.0):
    n = int(size_m / res)
    data = np.zeros((n, n), dtype=np.int8)
    data[:2, :] = data[-2:, :] = data[:, :2] = data[:, -2:] = 100
    return GridMap(data, res, 0.0, 0.0)


def test_inflation_follows_nav2_exponential_decay():
    cfg = NavConfig().costmap
    d = np.array([0.0, cfg.robot_radius, cfg.robot_radius + 0.2, cfg.inflation_radius + 0.01])
    cost = inflation_cost(d, cfg)
    assert cost[0] == LETHAL
    assert cost[1] == INSCRIBED
    expected = int(252 * math.exp(-cfg.cost_scaling_factor * 0.2))
    assert abs(int(cost[2]) - expected) <= 1
    assert cost[3] == 0


def test_obstacle_layer_marks_a_person_and_clears_when_they_walk_away():
    grid = _room()
    cm = Costmap(grid, NavConfig().costmap)
    person = Person(6.0, 5.0, radius=0.25)
    cm.update_obstacles(raycast_scan(grid, 3.0, 5.0, [person]))
    marks = cm.mark_points()
    assert len(marks) > 0
    assert np.hypot(marks[:, 0] - 6.0, marks[:, 1] - 5.0).max() < 0.5
    cm.update_obstacles(raycast_scan(grid, 3.0, 5.0, []))  # they left: rays pass through
    assert len(cm.mark_points()) == 0


def test_walls_seen_by_the_laser_are_not_marked_as_new_obstacles():
    grid = _room()
    cm = Costmap(grid, NavConfig().costmap)
    cm.update_obstacles(raycast_scan(grid, 5.0, 5.0, []))
    assert len(cm.mark_points()) == 0


def test_keepout_and_speed_masks_apply_like_nav2_filters():
    grid = _room()
    keep = GridMap(np.zeros_like(grid.data), grid.resolution, 0.0, 0.0)
    keep.data[100:140, 100:140] = 100  # 5..7 m square
    speed = GridMap(np.zeros_like(grid.data), grid.resolution, 0.0, 0.0)
    speed.data = speed.data.astype(np.int16)
    speed.data[:, :40] = 40  # x < 2 m: 40 cm/s (the sim's masks: raw cm/s)
    cm = Costmap(grid, NavConfig().costmap, keepout=keep, speed=speed)
    assert cm.in_keepout(6.0, 6.0)
    assert cm.static_cost(6.0, 6.0) == LETHAL
    assert cm.speed_limit(1.0, 5.0, 1.0) == pytest.approx(0.4)
    assert cm.speed_limit(8.0, 5.0, 1.0) == 1.0


def test_planner_finds_a_short_path_through_doorways():
    grid = lobby()
    cfg = NavConfig()
    planner = GlobalPlanner(Costmap(grid, cfg.costmap), cfg.planner)
    res = planner.plan((5.0, 5.0), (50.0, 35.0))
    assert math.dist(res.path[0], (5.0, 5.0)) < 1e-6
    assert math.dist(res.path[-1], (50.0, 35.0)) < 1e-6
    assert path_length(res.path) < 1.15 * math.dist((5, 5), (50, 35)) + 6.0
    costs = planner.costmap.static_costs(res.path)
    assert costs.max() < INSCRIBED


def test_planner_refuses_goals_off_the_map_or_in_walls():
    grid = lobby()
    cfg = NavConfig()
    planner = GlobalPlanner(Costmap(grid, cfg.costmap), cfg.planner)
    with pytest.raises(PlanningError) as off:
        planner.plan((5.0, 5.0), (500.0, 5.0))
    assert off.value.code == 204
    with pytest.raises(PlanningError) as wall:
        planner.plan((5.0, 5.0), (20.05, 20.0))
    assert wall.value.code == 206


def test_planner_goes_around_a_new_obstacle_blocking_the_straight_line():
    grid = _room()
    cfg = NavConfig()
    planner = GlobalPlanner(Costmap(grid, cfg.costmap), cfg.planner)
    wall = np.array([[5.0, y] for y in np.arange(2.0, 8.0, 0.05)])
    res = planner.plan((2.0, 5.0), (8.0, 5.0), obstacles=wall)
    d = np.hypot(res.path[:, None, 0] - wall[None, :, 0], res.path[:, None, 1] - wall[None, :, 1])
    assert d.min() > cfg.costmap.robot_radius
    assert path_length(res.path) > 6.5
