"""The fleet demo behind `concierge run --robots N` (issue 16): the first N robots of the site's
fleet in one simulation, each driving its share of the demo route at the same time, then back
to its own dock; a report at the end (per robot: legs, distance; the run's contacts and speed).
`--arboretum 1` adds the arboretum's docent robot in its own world on the same simulator and
clock, driving the arboretum's demo route meanwhile (a map per site in the report).

Real nodes, real DDS, as `concierge run`: the site's `<site>_fleet.launch.yaml` starts one
simulator and each robot's navigator and mission manager under its namespace."""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from concierge_content.paths import repo_root, var_root
from concierge_content.places import load_places

from concierge_bringup.ros_client import RosClient
from concierge_bringup.stack import Stack


@dataclass
class RobotRun:
    robot: str
    route: list[str]
    legs: list[dict] = field(default_factory=list)  # place_id, succeeded, error, sim_time_s
    distance_m: float = 0.0
    collisions: int = 0

    @property
    def succeeded(self) -> bool:
        return len(self.legs) == len(self.route) and all(leg["succeeded"] for leg in self.legs)


def split_route(places, robots: list[str], route: list[str]) -> dict[str, list[str]]:
    """Each place of the route goes to the robot whose dock is nearest (ties: the first);
    each robot ends on its own dock."""
    docks = {r: places.get(places.roles_for(r)["dock"]) for r in robots}
    share: dict[str, list[str]] = {r: [] for r in robots}
    for place_id in route:
        p = places.get(place_id).pose
        nearest = min(
            robots, key=lambda r: math.dist((p.x, p.y), (docks[r].pose.x, docks[r].pose.y))
        )
        share[nearest].append(place_id)
    return {r: [*share[r], docks[r].id] for r in robots}


class FleetDemo:
    def __init__(self, site: str, robots: int, scenario: str, seed: int, rtf: float,
                 leg_timeout_s: float, places: list[str] | None = None,
                 arboretum: int = 0):  # fmt: skip
        self.site, self.count, self.scenario, self.seed = site, robots, scenario, seed
        self.rtf, self.leg_timeout_s, self.arboretum = rtf, leg_timeout_s, arboretum
        self.site_places = {site: load_places(site)}
        if arboretum:
            if site == "arboretum":
                raise ValueError("--arboretum adds the docent to another site's fleet demo")
            self.site_places["arboretum"] = load_places("arboretum")
        self.site_of: dict[str, str] = {}  # robot -> its site
        self.plan: dict[str, list[str]] = {}  # robot -> its legs, ending on its own dock
        for s, n in ((site, robots), ("arboretum", arboretum)):
            if not n:
                continue
            sp = self.site_places[s]
            if n > len(sp.fleet):
                raise ValueError(
                    f"{'--robots' if s == site else '--arboretum'} {n}: {s} has "
                    f"{len(sp.fleet)} fleet robot(s) in content/sites/{s}/places.yaml"
                )
            names = [r.namespace for r in sp.fleet[:n]]
            self.site_of.update(dict.fromkeys(names, s))
            route = places if places and s == site else sp.demo_route
            self.plan.update(split_route(sp, names, route))
        self.robots = list(self.site_of)
        self.trajectories: dict[str, list[tuple[float, float]]] = {r: [] for r in self.robots}

    def run(self) -> int:
        launch = repo_root() / "launch" / f"{self.site}_fleet.launch.yaml"
        if not launch.is_file():
            raise FileNotFoundError(f"{self.site} has no fleet launch file ({launch})")
        out = var_root() / "reports" / time.strftime("%Y%m%d-%H%M%S-fleet")
        out.mkdir(parents=True, exist_ok=True)
        plan = self.plan
        runs = {r: RobotRun(r, plan[r]) for r in self.robots}
        sites = " and ".join(self.site_places)
        print(f"demo: starting {len(self.robots)} robots at {sites} (rtf {self.rtf:g})")
        for r in self.robots:
            print(f"demo: {r} ({self.site_of[r]}): {' -> '.join(plan[r])}")
        args = {"robots": self.count, "arboretum": self.arboretum, "real_time_factor": self.rtf,
                "scenario": self.scenario, "seed": self.seed}  # fmt: skip
        wall0 = time.monotonic()
        with Stack(launch, args, log_dir=out / "logs") as stack, RosClient("fleet_demo") as ros:
            self._watch(ros)
            sim0 = self._drive(ros, stack, runs)
            sim_s = ros.now_s() - sim0
            total = ros.latest("/sim/collisions")
        wall_s = time.monotonic() - wall0
        for r, run in runs.items():
            pts = self.trajectories[r]
            steps = zip(pts, pts[1:], strict=False)
            run.distance_m = round(sum(math.dist(a, b) for a, b in steps), 2)
        summary = {
            "site": self.site, "robots": self.robots, "sites": self.site_of,
            "scenario": self.scenario,
            "seed": self.seed, "real_time_factor": self.rtf,
            "succeeded": all(run.succeeded for run in runs.values()),
            "collisions": int(total.data) if total is not None else None,
            "sim_time_s": round(sim_s, 1), "wall_time_s": round(wall_s, 1),
            "runs": [asdict(run) | {"succeeded": run.succeeded} for run in runs.values()],
        }  # fmt: skip
        (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
        for site in self.site_places:  # a map per site: map.png, map-arboretum.png
            name = "map.png" if site == self.site else f"map-{site}.png"
            self._picture(out / name, summary, site)
        print(
            f"demo: {'succeeded' if summary['succeeded'] else 'FAILED'} — "
            f"{len(self.robots)} robots, {sim_s:.0f} s sim time ({wall_s:.0f} s wall), "
            f"{summary['collisions']} collisions"
        )
        print(f"demo: report {out / 'summary.json'}")
        return 0 if summary["succeeded"] else 1

    def _watch(self, ros: RosClient) -> None:
        from concierge_interfaces.msg import RobotStatus
        from nav_msgs.msg import Odometry
        from std_msgs.msg import UInt32

        for r in self.robots:
            track = self.trajectories[r]

            def on_odom(msg, track=track):
                p = msg.pose.pose.position
                if not track or math.dist(track[-1], (p.x, p.y)) > 0.05:
                    track.append((p.x, p.y))

            ros.subscribe(f"/{r}/odom", Odometry, on_odom)
            ros.subscribe(f"/{r}/robot/status", RobotStatus)
        ros.subscribe("/sim/collisions", UInt32, latched=True)

    def _drive(self, ros: RosClient, stack: Stack, runs: dict[str, RobotRun]) -> float:
        """Every robot drives its legs, all at once; returns the sim time they started."""
        from action_msgs.msg import GoalStatus
        from concierge_interfaces.action import GoToPlace

        ros.wait_for(
            lambda: all(ros.latest(f"/{r}/robot/status") for r in self.robots),
            120.0, "every robot's mission manager to start",
        )  # fmt: skip
        sim0 = ros.now_s()
        pending = {r: list(run.route) for r, run in runs.items()}
        current: dict[str, tuple] = {}  # robot -> (place, result future, sim start, wall start)
        while pending or current:
            stack.check()
            for r in [r for r in pending if r not in current]:
                place = pending[r].pop(0)
                if not pending[r]:
                    del pending[r]
                handle = ros.send_goal(
                    GoToPlace, f"{r}/go_to_place", GoToPlace.Goal(place_id=place, announce=True),
                    server_timeout_s=60.0,
                )  # fmt: skip
                current[r] = (place, handle.get_result_async(), ros.now_s(), time.monotonic())
            for r, (place, fut, t_sim, t_wall) in list(current.items()):
                timed_out = time.monotonic() - t_wall > self.leg_timeout_s
                if not fut.done() and not timed_out:
                    continue
                del current[r]
                ok = fut.done() and fut.result().status == GoalStatus.STATUS_SUCCEEDED
                error = "" if ok else (fut.result().result.error_msg if fut.done() else "timeout")
                runs[r].legs.append({"place_id": place, "succeeded": ok, "error": error,
                                     "sim_time_s": round(ros.now_s() - t_sim, 1)})  # fmt: skip
                print(f"demo: {r} -> {place}: {'arrived' if ok else 'FAILED ' + error}")
                if not ok:
                    pending.pop(r, None)  # this robot stops here; the others go on
            time.sleep(0.1)
        return sim0

    def _picture(self, path: Path, summary: dict, site: str) -> None:
        from concierge_sim.render import render_map
        from concierge_sim.world import load_world

        robots = [r for r in self.robots if self.site_of[r] == site]
        render_map(
            load_world(site),
            places={p.id: p for p in self.site_places[site].places},
            trajectories=[self.trajectories[r] for r in robots],
            title=f"{site} fleet demo — {len(robots)} robot(s), "
            f"{summary['collisions']} collisions in the run",
            path=path,
        )
