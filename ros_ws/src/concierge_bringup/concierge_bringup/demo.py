"""The demo scenario behind `concierge run`: real nodes, real DDS, a report at the end."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from concierge_content.paths import repo_root, var_root
from concierge_content.places import load_places

from concierge_bringup.progress import LiveLine
from concierge_bringup.ros_client import RosClient
from concierge_bringup.stack import Stack


@dataclass
class Leg:
    place_id: str
    succeeded: bool = False
    error: str = ""
    sim_time_s: float = 0.0
    wall_time_s: float = 0.0
    distance_m: float = 0.0
    final_error_m: float | None = None


@dataclass
class Report:
    site: str
    scenario: str
    seed: int
    real_time_factor: float
    legs: list[Leg] = field(default_factory=list)
    collisions: int = 0
    distance_m: float = 0.0
    sim_time_s: float = 0.0
    wall_time_s: float = 0.0
    docked_at_end: bool = False
    battery_start_pct: float | None = None
    battery_end_pct: float | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return bool(self.legs) and all(leg.succeeded for leg in self.legs) and self.docked_at_end


class Demo:
    def __init__(
        self,
        site: str,
        places: list[str],
        scenario: str,
        seed: int,
        rtf: float,
        speech: bool,
        window: bool,
        leg_timeout_s: float,
        robot_screen: bool = False,
    ):
        self.site, self.places, self.scenario, self.seed = site, places, scenario, seed
        self.rtf, self.speech, self.window, self.leg_timeout_s = rtf, speech, window, leg_timeout_s
        self.robot_screen = robot_screen  # `concierge run --ui`: the visitor's screen too
        self.trajectory: list[tuple[float, float, float]] = []
        self.people_seen: list[tuple[float, float]] = []
        self.collisions = 0

    def run(self) -> int:
        site_places = load_places(self.site)
        known = {p.id: p for p in site_places.places}
        unknown = [p for p in self.places if p not in known]
        if unknown:
            raise ValueError(f"unknown place(s) {', '.join(unknown)}; known: {', '.join(known)}")
        out = var_root() / "reports" / time.strftime("%Y%m%d-%H%M%S")
        out.mkdir(parents=True, exist_ok=True)
        launch = repo_root() / "launch" / f"{self.site}.launch.yaml"
        print(f"demo: starting the {self.site} stack (rtf {self.rtf:g}, {self.scenario} visitors)")
        report = Report(self.site, self.scenario, self.seed, self.rtf)
        wall0 = time.monotonic()
        stack = Stack(
            launch,
            {
                "real_time_factor": self.rtf,
                "scenario": self.scenario,
                "seed": self.seed,
                "speech": self.speech,
            },
            log_dir=out / "logs",
        )
        windows: list[subprocess.Popen] = []
        with stack, RosClient("concierge_demo") as ros:
            print(f"demo: {len(stack.procs)} nodes running; logs in {stack.log_dir}")
            cli = [sys.executable, "-m", "concierge_bringup.cli"]
            if self.window:
                windows.append(subprocess.Popen([*cli, "console", "--site", self.site]))
            if self.window and self.robot_screen:
                env = dict(os.environ, CONCIERGE_SITE=self.site)
                screen = [*cli, "kiosk", "--mode", "robot", "--windowed"]
                windows.append(subprocess.Popen(screen, env=env))
            self._watch(ros)
            try:
                self._legs(ros, stack, report, known)
            finally:
                for window in windows:
                    window.terminate()
            status = ros.latest("/robot/status")
            if status is not None:
                report.docked_at_end = bool(status.docked)
                report.battery_end_pct = round(float(status.battery_percent), 1)
                report.errors = list(status.errors)
        report.collisions = self.collisions
        report.distance_m = round(_path_length(self.trajectory), 2)
        report.sim_time_s = round(sum(leg.sim_time_s for leg in report.legs), 1)
        report.wall_time_s = round(time.monotonic() - wall0, 1)
        self._write(out, report, known)
        return 0 if report.succeeded else 1

    def _watch(self, ros: RosClient) -> None:
        from concierge_interfaces.msg import PersonArray, RobotStatus
        from nav_msgs.msg import Odometry
        from std_msgs.msg import UInt32

        def on_odom(msg):
            p = msg.pose.pose.position
            self.trajectory.append((ros.now_s(), p.x, p.y))

        def on_people(msg):
            if len(self.people_seen) < 20000:
                self.people_seen.extend((q.pose.position.x, q.pose.position.y) for q in msg.people)

        ros.subscribe("/odom", Odometry, on_odom)
        ros.subscribe("/people", PersonArray, on_people)
        ros.subscribe("/sim/collisions", UInt32, lambda m: setattr(self, "collisions", m.data))
        ros.subscribe("/robot/status", RobotStatus)

    def _legs(self, ros: RosClient, stack: Stack, report: Report, known) -> None:
        from action_msgs.msg import GoalStatus
        from concierge_interfaces.action import GoToPlace

        ros.wait_for(lambda: ros.latest("/robot/status"), 90.0, "the mission manager to start")
        report.battery_start_pct = round(float(ros.latest("/robot/status").battery_percent), 1)
        targets = [*self.places, load_places(self.site).roles["dock"]]
        for i, place_id in enumerate(targets, 1):
            stack.check()
            leg = Leg(place_id)
            line = LiveLine()
            label = f"leg {i}/{len(targets)} -> {place_id}"

            def on_fb(fb, label=label, line=line):
                text = f"{label}: {fb.phase}"
                if fb.distance_remaining_m:
                    text += f", {fb.distance_remaining_m:.1f} m left"
                line.show(fb.progress, text)

            t_sim, t_wall, start_len = ros.now_s(), time.monotonic(), len(self.trajectory)
            try:
                handle = ros.send_goal(
                    GoToPlace,
                    "go_to_place",
                    GoToPlace.Goal(place_id=place_id, announce=True),
                    on_feedback=on_fb,
                    server_timeout_s=60.0,
                )
                res = ros.result(handle, self.leg_timeout_s, f"the robot to reach {place_id}")
                leg.succeeded = res.status == GoalStatus.STATUS_SUCCEEDED
                leg.error = "" if leg.succeeded else res.result.error_msg
            except TimeoutError as exc:
                leg.error = str(exc)
            leg.sim_time_s = round(ros.now_s() - t_sim, 1)
            leg.wall_time_s = round(time.monotonic() - t_wall, 1)
            leg.distance_m = round(_path_length(self.trajectory[start_len:]), 2)
            if self.trajectory:
                goal = known[place_id].pose
                leg.final_error_m = round(math.dist(self.trajectory[-1][1:], (goal.x, goal.y)), 3)
            line.done(
                f"{label}: {'arrived' if leg.succeeded else 'FAILED ' + leg.error} "
                f"({leg.sim_time_s:.0f} s sim, {leg.distance_m:.0f} m)"
            )
            report.legs.append(leg)
            if not leg.succeeded:
                break
        if report.legs and report.legs[-1].succeeded:
            ros.wait_for(lambda: ros.latest("/robot/status").docked, 30.0, "the robot to dock")

    def _write(self, out: Path, report: Report, known) -> None:
        from concierge_sim.render import render_map
        from concierge_sim.world import load_world

        summary = asdict(report) | {"succeeded": report.succeeded}
        (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
        render_map(
            load_world(self.site),
            places=known,
            trajectories=[[(x, y) for _, x, y in self.trajectory]],
            people=self.people_seen[::5],
            title=f"{self.site} demo — {len(report.legs)} legs, {report.distance_m:.0f} m, "
            f"{report.collisions} collisions",
            path=out / "map.png",
        )
        print(
            f"demo: {'succeeded' if report.succeeded else 'FAILED'} — "
            f"{report.distance_m:.0f} m in {report.sim_time_s:.0f} s sim time "
            f"({report.wall_time_s:.0f} s wall), {report.collisions} collisions"
        )
        print(f"demo: report {out / 'summary.json'}")
        print(f"demo: map    {out / 'map.png'}")


def _path_length(points) -> float:
    return sum(math.dist(a[1:], b[1:]) for a, b in zip(points, points[1:], strict=False))
