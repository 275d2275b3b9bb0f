"""The Navigator state machine driven against a perfect unicycle on synthetic maps."""

from __future__ import annotations

import math

import numpy as np
from concierge_navigation.config import NavConfig
from concierge_navigation.costmap import Costmap
from concierge_navigation.grid import GridMap
from concierge_navigation.navigator import Navigator, NavStatus, Person, Pose2D
from synthetic import drive, lobby


def _nav(grid=None, keepout=None):
    grid = grid or lobby()
    cfg = NavConfig()
    return Navigator(Costmap(grid, cfg.costmap, keepout=keepout), cfg), grid


def test_reaches_a_goal_across_the_building_within_tolerance():
    nav, grid = _nav()
    assert nav.start(Pose2D(50.0, 35.0, 0.0)) is None
    pose, _, t = drive(nav, Pose2D(5.0, 5.0, 0.0), 150, grid=grid)
    assert nav.status == NavStatus.SUCCEEDED
    assert math.hypot(pose.x - 50.0, pose.y - 35.0) <= 0.25
    assert abs(pose.yaw) <= 0.25


def test_feedback_reports_distance_and_time_remaining():
    nav, grid = _nav()
    nav.start(Pose2D(15.0, 5.0, 0.0))
    nav.update(0.0, Pose2D(5.0, 5.0, 0.0))
    fb = nav.feedback
    assert 9.5 < fb.distance_remaining_m < 11.5
    assert fb.estimated_time_remaining_s > 9.0
    assert fb.number_of_recoveries == 0


def test_goal_inside_keepout_is_refused_with_a_clear_error():
    grid = lobby()
    keep = GridMap(np.zeros_like(grid.data), grid.resolution, 0.0, 0.0)
    keep.data[100:200, 100:200] = 100
    nav, _ = _nav(grid, keep)
    result = nav.start(Pose2D(7.0, 7.0, 0.0))
    assert result.status == NavStatus.FAILED
    assert result.error_code == 206
    assert "keepout" in result.error_msg


def test_stops_for_a_person_stepping_in_front_then_continues():
    nav, grid = _nav()
    nav.start(Pose2D(15.0, 3.0, 0.0))
    closest = []

    def people_at(t):
        if 3.0 <= t < 8.0:
            return [Person(pose_x[0] + 0.95, 3.0, radius=0.25)]
        return []

    pose_x = [0.0]
    original_update = nav.update

    def spy(now_s, pose, v_now=0.0, scan=None, people=None):
        if now_s < 3.0:
            pose_x[0] = pose.x
        if people:
            closest.append(math.hypot(people[0].x - pose.x, people[0].y - pose.y) - 0.25)
        return original_update(now_s, pose, v_now, scan, people)

    nav.update = spy
    pose, traj, t = drive(nav, Pose2D(3.0, 3.0, 0.0), 60, people_at=people_at, grid=grid)
    assert nav.status == NavStatus.SUCCEEDED
    assert min(closest) > 0.3  # never closer than 0.3 m to the person's edge (robot r 0.28)


def test_cancel_stops_at_once():
    nav, _ = _nav()
    nav.start(Pose2D(15.0, 3.0, 0.0))
    v, _ = nav.update(0.0, Pose2D(3.0, 3.0, 0.0), 0.5)
    assert v > 0
    nav.cancel()
    assert nav.status == NavStatus.CANCELED
    assert nav.update(0.1, Pose2D(3.05, 3.0, 0.0), 0.5) == (0.0, 0.0)


def test_walled_in_goal_gives_up_after_bounded_recoveries_with_an_error_code():
    grid = lobby()
    grid.data[int(30 / 0.05) : int(31.5 / 0.05), int(19 / 0.05) : int(20 / 0.05)] = 100  # door
    grid.data[int(7.5 / 0.05) : int(9.5 / 0.05), int(19 / 0.05) : int(20 / 0.05)] = 100  # door
    nav, _ = _nav(grid)
    nav.start(Pose2D(50.0, 35.0, 0.0))
    drive(nav, Pose2D(5.0, 5.0, 0.0), 200, grid=grid)
    assert nav.status == NavStatus.FAILED
    assert nav.result.error_code == 208
    assert "recoveries" in nav.result.error_msg


def test_docking_ends_precisely_on_the_dock_pose():
    nav, grid = _nav()
    dock = Pose2D(10.0, 0.5, -math.pi / 2)  # dock against the bottom wall, robot faces it
    grid.data[:8, int(9.7 / 0.05) : int(10.3 / 0.05)] = 0  # the dock recess
    nav, _ = _nav(grid)
    assert nav.start_dock(dock) is None
    pose, _, _ = drive(nav, Pose2D(5.0, 5.0, 0.0), 120)
    assert nav.status == NavStatus.SUCCEEDED, nav.result
    assert math.hypot(pose.x - dock.x, pose.y - dock.y) <= 0.06
    nav.start_undock()
    pose, _, _ = drive(nav, pose, 20)
    assert nav.status == NavStatus.SUCCEEDED
    assert math.hypot(pose.x - dock.x, pose.y - dock.y) >= 0.65


def test_through_poses_passes_each_pose_and_counts_down_the_remaining_ones():
    nav, grid = _nav()
    via, final = Pose2D(10.0, 10.0, 0.0), Pose2D(15.0, 3.0, 0.0)
    assert nav.start([via, final]) is None
    remaining = []
    near_via = []

    def people_at(_t):
        fb = nav.feedback
        if fb is not None:
            remaining.append(fb.number_of_poses_remaining)
            near_via.append(math.hypot(fb.current_pose.x - via.x, fb.current_pose.y - via.y))
        return []

    pose, _, _ = drive(nav, Pose2D(3.0, 3.0, 0.0), 120, people_at=people_at)
    assert nav.status == NavStatus.SUCCEEDED
    assert min(near_via) < 0.5
    assert remaining[0] == 2 and remaining[-1] == 1


def test_a_goal_off_the_map_is_refused_with_nav2s_code():
    nav, _ = _nav()
    result = nav.start(Pose2D(-50.0, 3.0, 0.0))
    assert (result.status, result.error_code) == (NavStatus.FAILED, 204)
    assert "outside the map" in result.error_msg
