"""`concierge bench fleet`: how fast the simulation runs with 1, 2 ... robots (issue 16); one
JSON line of figures on stdout, progress on stderr.

Stack figures: the REAL multi-process stack (`launch/city_hall_fleet.launch.yaml`: one
simulator, each robot's navigator and mission manager as processes over DDS) in lockstep as
fast as the machine goes. Every robot shuttles between its home and a place of the demo route
(content) for `--window-s` of sim time; real_time_factor = sim seconds / wall seconds of that
window. Core figures: the simulator core alone (step + each robot's scan, as sim_node does per
0.1 s step), in one process: ms per step.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="concierge bench fleet", description=__doc__)
    p.add_argument("--robots", type=int, default=2, help="measure 1..N robots (N <= the fleet)")
    p.add_argument("--window-s", type=float, default=120.0, help="sim seconds measured")
    p.add_argument("--scenario", default="light")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--core-steps", type=int, default=600, help="core-only steps per robot count")
    return p.parse_args(argv)


def shuttles(places, robots: list[str]) -> dict[str, list[str]]:
    """Each robot's two places: its home and the demo-route place nearest its dock."""
    from concierge_bringup.fleet_demo import split_route

    share = split_route(places, robots, places.demo_route)
    out = {}
    for r in robots:
        home = places.roles_for(r)["home"]
        away = next((p for p in share[r][:-1] if p != home), None)
        away = away or next(p for p in places.demo_route if p != home)
        out[r] = [away, home]
    return out


def run_stack(n: int, args, places) -> dict:
    from action_msgs.msg import GoalStatus
    from concierge_bringup.ros_client import RosClient
    from concierge_bringup.stack import Stack
    from concierge_content.paths import repo_root
    from concierge_interfaces.action import GoToPlace
    from std_msgs.msg import UInt32

    robots = [r.namespace for r in places.fleet[:n]]
    plan = shuttles(places, robots)
    var = Path(tempfile.mkdtemp(prefix=f"bench-fleet-{n}-"))
    stack = Stack(
        repo_root() / "launch" / "city_hall_fleet.launch.yaml",
        {"robots": n, "real_time_factor": 0.0, "scenario": args.scenario, "seed": args.seed,
         "paging": False},
        log_dir=var / "logs", env={"CONCIERGE_VAR": str(var)},
    )  # fmt: skip
    done = {r: 0 for r in robots}
    failed = {r: 0 for r in robots}
    stack.start()
    try:
        with RosClient("bench_fleet") as ros:
            ros.subscribe("/sim/collisions", UInt32, latched=True)
            clients = {r: ros.action_client(GoToPlace, f"{r}/go_to_place") for r in robots}
            for r, c in clients.items():
                if not c.wait_for_server(timeout_sec=180.0):
                    raise RuntimeError(f"{r}: no go_to_place server; logs in {var / 'logs'}")
            leg = {r: 0 for r in robots}
            futures = {}

            def send(r):
                target = plan[r][leg[r] % 2]
                goal = GoToPlace.Goal(place_id=target)
                futures[r] = clients[r].send_goal_async(goal)

            for r in robots:
                send(r)
            ros.wait_for(lambda: all(f.done() for f in futures.values()), 60, "acceptance")
            results = {r: f.result().get_result_async() for r, f in futures.items()}
            ros.wait_for(lambda: ros.sim_now() >= 0, 30, "the clock")
            sim0, wall0 = ros.sim_now(), time.monotonic()
            while ros.sim_now() < sim0 + args.window_s:
                stack.check()
                for r in robots:
                    if results[r].done():
                        ok = results[r].result().status == GoalStatus.STATUS_SUCCEEDED
                        done[r] += ok
                        failed[r] += not ok
                        leg[r] += 1
                        send(r)
                        ros.wait_for(lambda r=r: futures[r].done(), 60, "acceptance")
                        results[r] = futures[r].result().get_result_async()
                if time.monotonic() - wall0 > args.window_s * 20 + 60:
                    raise TimeoutError("the simulation stalled")
                time.sleep(0.02)
            sim_s, wall_s = ros.sim_now() - sim0, time.monotonic() - wall0
            collisions = ros.latest("/sim/collisions")
    finally:
        stack.stop()
    print(f"fleet bench: {n} robot(s): x{sim_s / wall_s:.2f} real time, missions {done}",
          file=sys.stderr, flush=True)  # fmt: skip
    return {
        "robots": n, "real_time_factor": round(sim_s / wall_s, 2), "sim_s": round(sim_s, 1),
        "wall_s": round(wall_s, 1), "missions_succeeded": sum(done.values()),
        "missions_failed": sum(failed.values()),
        "collisions": int(collisions.data) if collisions is not None else None,
        "shuttles": plan,
    }  # fmt: skip


def core_step_ms(n: int, places, steps: int) -> float:
    """The simulator core alone: one sim_node step (2 physics sub-steps + each robot's scan)."""
    from concierge_sim.core import Simulator
    from concierge_sim.scenario import load_scenario
    from concierge_sim.sim_node import fleet_specs
    from concierge_sim.world import load_world

    world = load_world("city_hall")
    sim = Simulator(world, load_scenario("city_hall", "light", seed=0), seed=0,
                    robots=fleet_specs("city_hall", n))  # fmt: skip
    names = sim.robot_names()
    t0 = time.process_time()
    for _ in range(steps):
        for name in names:
            sim.set_cmd_vel(0.0, 0.3, name)  # turning on the spot: no contacts, full work
        sim.step(0.05)
        sim.step(0.05)
        for name in names:
            sim.scan(name)
    return (time.process_time() - t0) / steps * 1e3


def main(argv: list[str]) -> int:
    args = _args(argv)
    from concierge_content.places import load_places

    places = load_places("city_hall")
    if not 1 <= args.robots <= len(places.fleet):
        raise ValueError(f"--robots must be 1..{len(places.fleet)} (the city-hall fleet)")
    os.environ.setdefault("ROS_DOMAIN_ID", str(random.Random().randint(150, 230)))
    os.environ.setdefault("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST")
    core = {str(n): round(core_step_ms(n, places, args.core_steps), 3)
            for n in range(1, args.robots + 1)}  # fmt: skip
    stacks = [run_stack(n, args, places) for n in range(1, args.robots + 1)]
    one, last = stacks[0]["real_time_factor"], stacks[-1]["real_time_factor"]
    print(json.dumps({
        "bench": "fleet", "site": "city_hall", "scenario": args.scenario, "seed": args.seed,
        "window_sim_s": args.window_s,
        "method": "multi-process stack over DDS, lockstep, as fast as possible",
        "stack": stacks,
        f"rtf_{args.robots}_vs_1": round(last / one, 2) if one else None,
        "core_step_ms": core, "core_method": "simulator core in one process, per 0.1 s step",
    }, ensure_ascii=False))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
