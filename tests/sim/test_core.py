"""The simulator core: driving, bumping, seeing, charging and visitors, as a navigator sees it."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from concierge_sim.core import RobotParams, SimError, Simulator
from concierge_sim.scenario import load_scenario
from concierge_sim.world import load_world


@pytest.fixture(scope="module")
def world():
    return load_world("city_hall")


def drive(sim: Simulator, v: float, w: float, seconds: float, dt: float = 0.05) -> None:
    for _ in range(int(round(seconds / dt))):
        sim.set_cmd_vel(v, w)
        sim.step(dt)


def test_robot_starts_docked_and_full(world):
    sim = Simulator(world)
    assert sim.docked
    assert sim.robot_pose == pytest.approx(world.dock_pose)
    assert sim.battery_pct == pytest.approx(100.0)


def test_diff_drive_respects_acceleration_and_speed_limits(world):
    sim = Simulator(world, start_pose=(30.0, 4.0, math.pi / 2))
    drive(sim, 5.0, 0.0, 0.5)
    assert sim.robot_twist[0] == pytest.approx(0.5, abs=0.03)  # 1 m/s^2 for 0.5 s
    drive(sim, 5.0, 0.0, 1.5)
    assert sim.robot_twist[0] == pytest.approx(1.0)  # capped at max speed
    x, y, yaw = sim.robot_pose
    assert x == pytest.approx(30.0) and y > 4.0 + 1.2


def test_turning_in_place_changes_only_the_heading(world):
    sim = Simulator(world, start_pose=(30.0, 4.0, 0.0))
    drive(sim, 0.0, 1.0, 1.0)
    x, y, yaw = sim.robot_pose
    assert (x, y) == pytest.approx((30.0, 4.0))
    assert 0.6 < yaw < 1.0


def test_robot_stops_at_a_wall_and_counts_one_collision(world):
    sim = Simulator(world, start_pose=(10.0, 2.0, -math.pi / 2))  # facing the south wall
    drive(sim, 0.5, 0.0, 8.0)
    x, y, _ = sim.robot_pose
    assert y >= 0.3 + 0.3 - 0.06  # never through the wall (wall face at 0.3, radius 0.3)
    assert sim.collisions == 1  # pressing on counts once
    assert sim.collision_log[0].what == "wall"
    drive(sim, -0.2, 0.0, 2.0)
    drive(sim, 0.5, 0.0, 4.0)
    assert sim.collisions == 2  # a new contact is a new event


def test_command_times_out_like_a_real_base(world):
    sim = Simulator(world, start_pose=(30.0, 4.0, math.pi / 2))
    sim.set_cmd_vel(0.5, 0.0)
    sim.run(3.0)
    assert sim.robot_twist[0] == pytest.approx(0.0)


def test_scan_measures_the_distance_to_a_wall(world):
    sim = Simulator(world, start_pose=(10.0, 5.0, -math.pi / 2))
    ranges = sim.scan()
    assert ranges.shape == (360,)
    forward = ranges[180]  # beam 0 at -pi, beam 180 straight ahead
    assert forward == pytest.approx(5.0 - 0.3, abs=0.08)


def test_scan_sees_a_visitor_who_steps_in_front(world):
    sim = Simulator(world, start_pose=(30.0, 5.0, math.pi / 2))
    before = sim.scan()[180]
    pid = sim.spawn_person_in_front(distance_m=1.5, stand_s=3.0)
    assert sim.scan()[180] == pytest.approx(1.5 - 0.25, abs=0.02)
    assert before > 2.0
    assert any(p.id == pid for p in sim.people())
    sim.run(10.0)  # then they walk aside
    assert sim.scan()[180] > 2.0


def test_runtime_obstacle_blocks_motion_and_lidar_until_removed(world):
    sim = Simulator(world, start_pose=(30.0, 4.0, math.pi / 2))
    sim.add_obstacle("cart", 30.0, 6.0, 2.0, 0.6)
    assert sim.scan()[180] == pytest.approx(6.0 - 0.3 - 4.0, abs=0.08)
    drive(sim, 0.5, 0.0, 6.0)
    assert sim.robot_pose[1] < 6.0 - 0.3 - 0.2
    assert sim.collision_log[-1].what == "obstacle:cart"
    sim.remove_obstacle("cart")
    assert sim.scan()[180] > 3.0
    with pytest.raises(SimError):
        sim.remove_obstacle("cart")


def test_battery_drains_when_driving_and_charges_on_the_dock(world):
    params = RobotParams(battery_initial_pct=50.0, battery_drain_pct_per_min=1.0)
    sim = Simulator(world, robot=params, start_pose=(30.0, 4.0, math.pi / 2))
    sim.run(60.0)
    assert sim.battery_pct == pytest.approx(49.0, abs=0.05)
    sim.place_robot(*world.dock_pose)
    assert sim.docked
    sim.run(60.0)
    assert sim.battery_pct == pytest.approx(49.0 + params.battery_charge_pct_per_min, abs=0.05)


def test_dock_needs_position_and_heading(world):
    sim = Simulator(world)
    x, y, yaw = world.dock_pose
    sim.place_robot(x, y + 0.1, yaw)
    assert not sim.docked
    sim.place_robot(x, y, yaw + 0.3)
    assert not sim.docked


def test_bad_requests_get_clear_errors(world):
    sim = Simulator(world)
    with pytest.raises(SimError, match="inside a wall"):
        sim.place_robot(24.0, 8.0, 0.0)
    with pytest.raises(SimError):
        sim.set_cmd_vel(float("nan"), 0.0)
    assert sim.command({"op": "fly"})["ok"] is False
    assert "missing field" in sim.command({"op": "add_obstacle", "name": "x"})["error"]


def test_visitors_walk_without_entering_walls_or_each_other(world):
    sc = load_scenario("city_hall", "crowded", seed=3)
    assert len(sc.visitors) >= 20
    sim = Simulator(world, sc, seed=3, start_pose=(30.0, 4.0, math.pi / 2))
    prev = np.array([[p.x, p.y] for p in sim.people()])
    walked = np.zeros(len(prev))
    clear = world.clearance()
    min_pair = np.inf
    for _ in range(40):
        sim.run(1.0)
        ps = sim.people()
        xy = np.array([[p.x, p.y] for p in ps])
        walked += np.hypot(*(xy - prev).T)
        prev = xy
        for p in ps:
            col, row = world.grid.world_to_cell(p.x, p.y)
            assert clear[row, col] >= p.radius * 0.8, p
        d = np.hypot(*(xy[:, None] - xy[None]).transpose(2, 0, 1))
        np.fill_diagonal(d, np.inf)
        min_pair = min(min_pair, d.min())
    walkers = [i for i, p in enumerate(ps) if p.kind == "walker"]
    groups = [i for i, p in enumerate(ps) if p.kind == "group"]
    assert np.median(walked[walkers]) > 25.0  # ~1.2 m/s for 40 s: walkers keep walking
    assert np.max(walked[groups]) < 15.0  # standing groups mostly stand
    assert min_pair > 0.25  # people keep apart (radii ~0.2-0.45)
    assert sim.collisions == 0  # the robot stood still: never its fault


def test_follower_follows_the_robot_when_engaged(world):
    sim = Simulator(
        world, load_scenario("city_hall", "light", seed=1), start_pose=(30.0, 4.0, math.pi / 2)
    )
    sim.summon_follower()
    assert [p for p in sim.people() if p.id == "follower"][0].is_engaged
    sim.run(1.0)
    drive(sim, 0.0, 1.0, math.pi / 2)  # turn to face east... then drive east
    drive(sim, 0.7, 0.0, 8.0)
    f = [p for p in sim.people() if p.id == "follower"][0]
    x, y, _ = sim.robot_pose
    assert math.hypot(f.x - x, f.y - y) < 2.5
    sim.stop_following()
    drive(sim, 0.7, 0.0, 6.0)
    f = [p for p in sim.people() if p.id == "follower"][0]
    assert math.hypot(f.x - sim.robot_pose[0], f.y - sim.robot_pose[1]) > 3.5
    sim.command({"op": "resume_following"})  # they catch up with the waiting robot
    sim.run(12.0)
    f = [p for p in sim.people() if p.id == "follower"][0]
    assert math.hypot(f.x - sim.robot_pose[0], f.y - sim.robot_pose[1]) < 2.5


def test_same_seed_same_run(world):
    def run(seed):
        sim = Simulator(world, load_scenario("city_hall", "normal", seed=seed), seed=seed)
        sim.run(4.0)
        return [(p.x, p.y) for p in sim.people()]

    assert run(5) == run(5)
    assert run(5) != run(6)


def test_twenty_visitors_and_a_scan_fit_the_lockstep_budget(world):
    sim = Simulator(world, load_scenario("city_hall", "crowded", seed=1, visitors=20), seed=1)
    best = np.inf
    for _ in range(3):
        t0 = time.process_time()  # CPU time: other jobs on the shared box do not count
        for _ in range(100):
            sim.step(0.05)
            sim.scan()
        best = min(best, (time.process_time() - t0) / 100)
    # Target <= 1 ms on a quiet machine (see docs/notes/issue-3-sim.md); the shared CI box is
    # noisy, so the test only guards against an order-of-magnitude regression.
    assert best < 5e-3, f"{best * 1e3:.2f} ms per step + scan"


def test_scenario_events_fire_at_their_sim_time(world):
    sc = load_scenario("city_hall", "light", seed=1)
    sc.events = [
        {
            "t_s": 2.0,
            "op": "add_obstacle",
            "name": "cart",
            "x": 30.0,
            "y": 7.0,
            "size_x": 2.0,
            "size_y": 0.6,
        },
        {"t_s": 4.0, "op": "remove_obstacle", "name": "cart"},
    ]
    sim = Simulator(world, sc, start_pose=(30.0, 4.0, math.pi / 2))
    sim.run(1.0)
    assert sim.obstacles() == []
    sim.run(2.0)
    assert [o.name for o in sim.obstacles()] == ["cart"]
    sim.run(2.0)
    assert sim.obstacles() == []


def test_a_curious_visitor_walks_up_engages_then_leaves(world):
    sim = Simulator(world, start_pose=(30.0, 4.0, math.pi / 2))
    pid = sim.command({"op": "approach_robot", "distance_m": 1.0, "stand_s": 6.0})["id"]

    def visitor():
        return next(p for p in sim.people() if p.id == pid)

    def dist():
        return math.hypot(visitor().x - 30.0, visitor().y - 4.0)

    assert dist() > 3.5 and not visitor().is_engaged
    sim.run(6.0)
    assert dist() < 1.5 and visitor().is_engaged
    sim.run(8.0)
    assert not visitor().is_engaged and dist() > 2.5
    assert sim.collisions == 0 and sim.people_contacts == 0
    assert sim.command({"op": "engage", "id": "nobody"}) == {
        "ok": False,
        "op": "engage",
        "error": "no visitor 'nobody'",
    }


def test_a_visitor_sent_away_stops_facing_the_robot_and_walks_there(world):
    sim = Simulator(world, start_pose=(30.0, 4.0, math.pi / 2))
    pid = sim.summon_follower(1.2)

    def person():
        return next(p for p in sim.people() if p.id == pid)

    assert person().is_engaged
    assert sim.command({"op": "leave", "id": pid, "x": 34.0, "y": 7.0}) == {
        "ok": True,
        "op": "leave",
    }
    sim.run(10.0)
    assert not person().is_engaged
    assert math.hypot(person().x - 34.0, person().y - 7.0) < 0.8
    assert sim.command({"op": "leave", "id": pid})["error"] == "missing field 'x'"
