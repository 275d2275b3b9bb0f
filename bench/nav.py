"""`concierge bench nav`: random missions among visitors, simulator core and navigator core
stepped in LOCKSTEP in one process (no DDS), one JSON line of figures on stdout.

Figures: success_rate, collisions, path_ratio (driven / shortest free path), time_ratio
(mission time / (shortest path / max speed)), planner_ms_p50/p95, real_time_factor, failures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="concierge bench nav", description=__doc__)
    p.add_argument("--site", default="city_hall", choices=["city_hall", "arboretum"])
    p.add_argument("--visitors", type=int, default=20, help="visitors walking around")
    p.add_argument("--missions", type=int, default=200, help="random start/goal pairs")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--scan-rate-hz", type=float, default=5.0, help="laser rate seen by nav")
    p.add_argument("--png", default="", help="write map + trajectories here (default var/)")
    p.add_argument(
        "--mission-timeout-s",
        type=float,
        default=0.0,
        help="sim seconds per mission (default: 60 + 4 x shortest/max speed)",
    )
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _args(argv)
    import numpy as np
    from concierge_content.paths import repo_root, var_root
    from concierge_navigation.config import NavConfig
    from concierge_navigation.controller import Pose2D
    from concierge_navigation.navigator import Navigator, NavStatus
    from concierge_navigation.reference import Reference
    from concierge_navigation.site_map import build_costmap, load_site_map

    cfg = NavConfig.from_yaml(repo_root() / "launch" / "params" / "navigation.yaml")
    site_map = load_site_map(args.site)
    costmap = build_costmap(site_map, cfg)
    nav = Navigator(costmap, cfg)
    ref = Reference(costmap)
    sim = LockstepSim(args.site, args.visitors, args.seed)
    max_speed = min(cfg.controller.desired_linear_vel, sim.max_speed)
    rng = np.random.default_rng(args.seed)
    # Standing groups hold their spot (drifting a little): a goal among them is not a navigation
    # test, so pairs whose start or goal is within 1.5 m of a group member when the mission
    # starts are skipped (counted in the JSON) and the next pair is used.
    pool = ref.sample_pairs(rng, args.missions * 3)
    dt = 1.0 / cfg.controller.controller_frequency
    # The laser feeds the costmap at scan_rate_hz like Nav2's local costmap update_frequency;
    # the controller checks collisions against the latest scan in between.
    scan_every = max(1, round(cfg.controller.controller_frequency / args.scan_rate_hz))

    results = []
    trajectories = []
    collision_marks = []
    sim_time_total = 0.0
    wall_t0 = time.perf_counter()
    cpu_t0 = time.process_time()
    skipped = 0
    for start, goal in pool:
        if len(results) >= args.missions:
            break
        groups = [(p.x, p.y) for p in sim.sim.people() if p.kind == "group"]
        if any(
            math.hypot(pose[0] - x, pose[1] - y) < 1.5 for x, y in groups for pose in (start, goal)
        ):
            skipped += 1
            continue
        i = len(results)
        shortest = ref.shortest_m(start[:2], goal[:2])
        limit_s = args.mission_timeout_s or 60.0 + 4.0 * shortest / max_speed
        sim.place_robot(*start)
        collisions_before = sim.collisions
        refused = nav.start(Pose2D(*goal))
        t_start = sim.time_s
        traj = [sim.pose()]
        outcome = None if refused is None else refused
        tick = 0
        while outcome is None:
            pose = Pose2D(*sim.pose())
            scan = sim.scan() if tick % scan_every == 0 else None
            tick += 1
            v, w = nav.update(sim.time_s, pose, sim.speed(), scan, sim.people())
            if not nav.active:
                outcome = nav.result
                break
            if sim.time_s - t_start > limit_s:
                nav.cancel()
                outcome = None
                break
            sim.step(v, w, dt)
            traj.append(sim.pose())
        elapsed = sim.time_s - t_start
        sim_time_total += elapsed
        traj = np.array(traj)
        driven = float(np.hypot(*np.diff(traj[:, :2], axis=0).T).sum()) if len(traj) > 1 else 0.0
        collided = sim.collisions - collisions_before
        collision_marks.extend(sim.collision_points[collisions_before:])
        ok = outcome is not None and outcome.status == NavStatus.SUCCEEDED
        end = traj[-1]
        reason = ""
        if not ok:
            reason = (
                f"timeout after {elapsed:.0f} s"
                if outcome is None
                else f"[{outcome.error_code}] {outcome.error_msg}"
            )
            people = sim.sim.people()
            if people:  # who was nearest the goal when we gave up (a visitor standing there?)
                p = min(people, key=lambda p: math.hypot(p.x - goal[0], p.y - goal[1]))
                reason += (
                    f" (nearest visitor to the goal: {p.id} ({p.kind}) at "
                    f"{math.hypot(p.x - goal[0], p.y - goal[1]):.2f} m; robot "
                    f"{math.hypot(end[0] - goal[0], end[1] - goal[1]):.2f} m from the goal)"
                )
        results.append(
            {
                "ok": ok,
                "shortest_m": shortest,
                "driven_m": driven,
                "time_s": elapsed,
                "collisions": collided,
                "recoveries": nav.feedback.number_of_recoveries if nav.feedback else 0,
                "reason": reason,
                "start": start,
                "goal": goal,
                "end_error_m": math.hypot(end[0] - goal[0], end[1] - goal[1]),
            }
        )
        trajectories.append((traj, ok))
        print(
            f"mission {i + 1}/{args.missions}: {'ok' if ok else 'FAILED ' + reason} "
            f"{shortest:.1f} m in {elapsed:.1f} s, driven {driven:.1f} m, collisions {collided}",
            file=sys.stderr,
        )
    wall = time.perf_counter() - wall_t0
    cpu = time.process_time() - cpu_t0
    ok_runs = [r for r in results if r["ok"]]
    timings = np.array(nav.planner.timings_ms) if nav.planner.timings_ms else np.zeros(1)
    figures = {
        "bench": "nav",
        "mode": "lockstep",
        "site": args.site,
        "visitors": args.visitors,
        "missions": len(results),
        "pairs_skipped_at_standing_groups": skipped,
        "seed": args.seed,
        "success_rate": round(len(ok_runs) / max(len(results), 1), 4),
        "collisions": int(sum(r["collisions"] for r in results)),
        "path_ratio": _mean([r["driven_m"] / r["shortest_m"] for r in ok_runs]),
        "time_ratio": _mean([r["time_s"] / (r["shortest_m"] / max_speed) for r in ok_runs]),
        "path_ratio_p95": _pct([r["driven_m"] / r["shortest_m"] for r in ok_runs], 95),
        "time_ratio_p95": _pct([r["time_s"] / (r["shortest_m"] / max_speed) for r in ok_runs], 95),
        "planner_ms_p50": round(float(np.percentile(timings, 50)), 2),
        "planner_ms_p95": round(float(np.percentile(timings, 95)), 2),
        "planner_cpu_ms_p50": _pct(nav.planner.cpu_timings_ms, 50),
        "planner_cpu_ms_p95": _pct(nav.planner.cpu_timings_ms, 95),
        "plans": len(nav.planner.timings_ms),
        "controller_hz": cfg.controller.controller_frequency,
        "scan_rate_hz": cfg.controller.controller_frequency / scan_every,
        "sim_dt_s": dt,
        "map_resolution_m": costmap.res,
        "planning_resolution_m": nav.planner.coarse_res,
        "max_speed_mps": max_speed,
        "recoveries": int(sum(r["recoveries"] for r in results)),
        "sim_time_s": round(sim_time_total, 1),
        "wall_time_s": round(wall, 2),
        "real_time_factor": round(sim_time_total / max(wall, 1e-9), 1),
        # the machine is shared: sim seconds per CPU second of this process, load-independent
        "cpu_time_s": round(cpu, 2),
        "real_time_factor_per_cpu": round(sim_time_total / max(cpu, 1e-9), 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "failures": [
            {"mission": i, "reason": r["reason"], "start": _r(r["start"]), "goal": _r(r["goal"])}
            for i, r in enumerate(results)
            if not r["ok"]
        ],
    }
    png = Path(args.png) if args.png else var_root() / "bench" / f"nav_{args.site}.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    _render(png, sim, trajectories, collision_marks, figures)
    figures["png"] = str(png)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


class LockstepSim:
    """The simulator core seen the way the navigator node sees it over ROS (pose, twist,
    scan in the map frame, people), stepped by the benchmark's own clock."""

    def __init__(self, site: str, visitors: int, seed: int) -> None:
        from concierge_sim.core import Simulator
        from concierge_sim.scenario import load_scenario
        from concierge_sim.world import load_world

        scenario = load_scenario(site, "normal", seed=seed, visitors=visitors)
        self.sim = Simulator(load_world(site), scenario, seed=seed)
        self.max_speed = self.sim.params.max_linear_mps
        self.collision_points: list[tuple[float, float]] = []
        self._logged = 0

    @property
    def time_s(self) -> float:
        return self.sim.time_s

    @property
    def collisions(self) -> int:
        return self.sim.collisions

    def place_robot(self, x: float, y: float, yaw: float) -> None:
        self.sim.place_robot(x, y, yaw)

    def pose(self) -> tuple[float, float, float]:
        return self.sim.robot_pose

    def speed(self) -> float:
        return self.sim.robot_twist[0]

    def scan(self):
        import numpy as np
        from concierge_navigation.costmap import Scan

        x, y, yaw = self.sim.robot_pose
        ranges = self.sim.scan().astype(np.float64)
        angles = self.sim.lidar.beam_angles(yaw)
        return Scan(x, y, angles, ranges, self.sim.lidar.range_max)

    def people(self):
        from concierge_navigation.controller import Person

        return [Person(p.x, p.y, p.vx, p.vy, p.radius) for p in self.sim.people()]

    def step(self, v: float, w: float, dt: float) -> None:
        self.sim.set_cmd_vel(v, w)
        self.sim.step(dt)  # one sim step per control period
        log = self.sim.collision_log
        for c in log[self._logged :]:
            self.collision_points.append((c.x, c.y))
            print(
                f"  collision at ({c.x:.2f}, {c.y:.2f}) with {c.what} "
                f"at {c.robot_speed_mps:.2f} m/s",
                file=sys.stderr,
            )
        self._logged = len(log)


def _mean(xs):
    return round(float(sum(xs) / len(xs)), 3) if xs else None


def _pct(xs, q):
    import numpy as np

    return round(float(np.percentile(xs, q)), 3) if xs else None


def _r(pose):
    return [round(float(v), 2) for v in pose]


def _render(png, sim, trajectories, collision_marks, figures) -> None:
    """The sim engineer's site picture (walls, zones, places) with our runs drawn on it."""
    from concierge_content.places import load_places
    from concierge_sim.render import render_map

    failed = sum(1 for _, ok in trajectories if not ok)
    title = (
        f"bench nav {figures['site']} ({figures['mode']}): {figures['missions']} missions, "
        f"{figures['visitors']} visitors, success {figures['success_rate']:.1%} "
        f"({failed} failed), collisions {figures['collisions']}, "
        f"path ratio {figures['path_ratio']}, time ratio {figures['time_ratio']}"
    )
    render_map(
        sim.sim.world,
        places=load_places(figures["site"]).places,
        trajectories=[traj[:, :2] for traj, _ in trajectories],
        collisions=collision_marks,
        people=sim.sim.people(),
        title=title,
        path=png,
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
