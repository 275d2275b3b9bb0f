"""`concierge bench missions`: mixed missions on the REAL stack (simulator, navigator, mission
manager, paging service as separate processes over DDS and HTTP), in lockstep as fast as the
machine goes; one JSON line of figures on stdout, progress on stderr.

Mix (city hall): go to a place; escort a visitor who follows (some stop for good: an intended
give-up, some stop and come back); page a veteran official (staff answer over the paging API
after 0-90 s, so some pages escalate); low battery mid-escort (an intended hand-off, then the
robot docks and is charged before the next mission). Arboretum adds tours.

Figures per type: n, succeeded, intended_give_ups, failed, success_rate (excluding intended
give-ups), p95_s (sim seconds); overall success_rate, visitors_lost (escorts that ended with the
visitor lost), collisions, sim_s, wall_s, real_time_factor. Targets: success >= 0.98, 0 collisions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sys
import tempfile
import time
from pathlib import Path

INTENDED = {"VISITOR_LOST": 910, "LOW_BATTERY": 911}


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="concierge bench missions", description=__doc__)
    p.add_argument("--missions", type=int, default=100, help="how many (1..1000)")
    p.add_argument("--site", default="city_hall", choices=["city_hall", "arboretum"])
    p.add_argument("--scenario", default="light", help="crowd scenario of the simulator")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--kinds", default="", help="only these mission kinds (comma-separated)")
    p.add_argument("--mission-timeout-s", type=float, default=400.0, help="sim seconds each")
    args = p.parse_args(argv)
    if not 1 <= args.missions <= 1000:
        p.error("--missions must be 1..1000")
    return args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _new_stats() -> dict:
    return {"n": 0, "succeeded": 0, "intended_give_ups": 0, "failed": 0, "durations": [],
            "errors": []}  # fmt: skip


def _p95(values: list[float]) -> float:
    if not values:
        return 0.0
    v = sorted(values)
    return round(v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))], 1)


class Bench:
    def __init__(self, ros, site_places, api: str | None, rng: random.Random, timeout_s: float):
        self.ros, self.places, self.api, self.rng, self.timeout_s = (
            ros, site_places, api, rng, timeout_s)  # fmt: skip
        self._cmd_pub = None
        self.pages: list[dict] = []
        self.courses: list = []  # tour courses of the site (content)
        self.dock: str | None = None  # the site's dock role (content)
        self.low_battery_pct = 20.0  # the robot's own threshold (launch/params/robot.yaml)

    # ---- plumbing ------------------------------------------------------------------------
    def sim(self, **cmd) -> dict:
        from std_msgs.msg import String

        ros = self.ros
        if self._cmd_pub is None:
            ros.subscribe("/sim/command_result", String)
            self._cmd_pub = ros.node.create_publisher(String, "/sim/command", 10)
            ros.wait_for(lambda: self._cmd_pub.get_subscription_count() > 0, 30, "sim commands")
        rid = f"b{time.monotonic_ns()}"
        self._cmd_pub.publish(String(data=json.dumps({**cmd, "request_id": rid})))

        def answered():
            msg = ros.latest("/sim/command_result")
            data = json.loads(msg.data) if msg is not None else {}
            return data if data.get("request_id") == rid else None

        return ros.wait_for(answered, 30, f"the simulator to answer {cmd['op']}", 0.005)

    def run(self, action_type, name: str, goal, on_feedback=None, during=None, timeout_s=None):
        """Send a goal and wait in SIM time; `during(feedback_list)` may act (world held)."""
        ros = self.ros
        feedback: list = []

        def fb(msg) -> None:
            feedback.append(msg)
            if on_feedback:
                on_feedback(msg)

        handle = ros.send_goal(action_type, name, goal, on_feedback=fb, server_timeout_s=90)
        fut = handle.get_result_async()
        if during is not None:
            during(feedback, fut)
        ros.wait_sim(fut.done, timeout_s or self.timeout_s, f"{name} to finish")
        return fut.result()

    def wait_status(self, cond, sim_s: float, what: str):
        return self.ros.wait_sim(
            lambda: (s := self.ros.latest("/robot/status")) is not None and cond(s) and s,
            sim_s, what)  # fmt: skip

    def charge_if_low(self) -> bool:
        """Like an operator between visitors: a robot under 25 % is charged (a time skip)
        before the next mission. Under the robot's low_battery_pct it docks by itself; above
        it the operator sends it to its dock. True if it was charged."""
        from concierge_interfaces.action import GoToPlace

        status = self.ros.latest("/robot/status")
        if status is None or status.battery_percent >= 25.0:
            return False
        if status.battery_percent >= self.low_battery_pct and not status.docked:
            self.run(GoToPlace, "go_to_place", GoToPlace.Goal(place_id=self.dock), timeout_s=600)
        self.wait_status(lambda s: s.docked, 600, "the low robot to dock")
        self.sim(op="set_battery", pct=90.0)
        self.wait_status(lambda s: s.battery_percent > 80, 10, "the charge")
        return True

    # ---- the missions --------------------------------------------------------------------
    def go(self):
        from concierge_interfaces.action import GoToPlace

        place = self.rng.choice(self.places)
        return self.run(GoToPlace, "go_to_place", GoToPlace.Goal(place_id=place))

    def escort(self, behaviour: str):
        from concierge_interfaces.action import Escort

        place = self.rng.choice(self.places)
        self.sim(op="summon_follower", distance_m=1.2)
        drained: list[bool] = []  # the battery was run low (not if the escort ended first)

        def during(feedback, fut):
            if behaviour == "follows":
                return
            # the visitor stops (or the battery runs low) after 2-10 m of the way, not at once
            travel_m = self.rng.uniform(2.0, 10.0)

            def leading():
                if fut.done():
                    return True
                lead = [f for f in feedback if f.phase == "leading" and f.distance_remaining_m > 0]
                if not lead:
                    return False
                done_m = lead[0].distance_remaining_m - lead[-1].distance_remaining_m
                return done_m >= travel_m or lead[-1].distance_remaining_m < 3.0

            with self.ros.frozen_when(leading, 120, "the escort leading"):
                if fut.done():
                    return
                if behaviour == "low_battery":
                    self.sim(op="set_battery", pct=17.0)
                    drained.append(True)
                else:
                    self.sim(op="stop_following", id="follower")
            if behaviour == "comes_back":
                waiting = lambda: fut.done() or feedback[-1].phase == "waiting_for_visitor"
                with self.ros.frozen_when(waiting, 60, "the robot waiting"):
                    self.sim(op="resume_following", id="follower")

        goal = Escort.Goal(place_id=place, visitor_id="follower", return_home=False,
                           lang=self.rng.choice(["ko", "en"]))  # fmt: skip
        res = self.run(Escort, "escort", goal, during=during)
        self.sim(op="remove_person", id="follower")  # the visitor goes about their business
        if drained:  # the robot docks by itself; charge it for the next one
            self.wait_status(lambda s: s.docked, 600, "the robot to dock")
            self.sim(op="set_battery", pct=90.0)
            self.wait_status(lambda s: s.battery_percent > 80, 10, "the charge")
        return res

    def call_staff(self):
        import requests
        from concierge_interfaces.action import CallStaff

        answer_after = self.rng.uniform(0.0, 90.0)
        start = self.ros.sim_now()

        def during(feedback, fut):
            due = lambda: fut.done() or self.ros.sim_now() >= start + answer_after
            with self.ros.frozen_when(due, answer_after + 30, "time to answer"):
                if fut.done():
                    return
                deadline = time.monotonic() + 10  # the robot's page may still be in flight
                while time.monotonic() < deadline:
                    pages = requests.get(f"{self.api}/pages", params={"status": "open"},
                                         timeout=5).json()  # fmt: skip
                    if pages:
                        page = pages[0]
                        ack = {"staff_id": page["staff_id"], "accept": True}
                        url = f"{self.api}/pages/{page['page_id']}/ack"
                        requests.post(url, json=ack, timeout=5)
                        return
                    time.sleep(0.02)

        goal = CallStaff.Goal(office_id="", reason="bench", lang="ko",
                              escort_to_counter=self.rng.random() < 0.5)  # fmt: skip
        return self.run(CallStaff, "call_staff", goal, during=during)

    def tour(self):
        from concierge_interfaces.action import Tour

        course = self.rng.choice(self.courses)
        goal = Tour.Goal(course_id=course.id, lang=self.rng.choice(["ko", "en"]))
        return self.run(
            Tour, "tour", goal, timeout_s=max(self.timeout_s, course.duration_min * 90)
        )


def main(argv: list[str]) -> int:
    args = _args(argv)
    from action_msgs.msg import GoalStatus
    from concierge_bringup.ros_client import RosClient
    from concierge_bringup.stack import Stack
    from concierge_content.courses import load_courses
    from concierge_content.paths import repo_root
    from concierge_content.places import load_places
    from concierge_interfaces.msg import RobotStatus
    from concierge_paging.rosargs import read_params_file
    from std_msgs.msg import UInt32

    rng = random.Random(args.seed)
    os.environ.setdefault("ROS_DOMAIN_ID", str(random.Random().randint(150, 230)))
    os.environ.setdefault("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST")
    var = Path(tempfile.mkdtemp(prefix="bench-missions-"))
    port = _free_port()
    paging = args.site == "city_hall"
    stack = Stack(
        repo_root() / "launch" / f"{args.site}.launch.yaml",
        {"speech": False, "real_time_factor": 0.0, "scenario": args.scenario,
         "seed": args.seed, "paging_port": port},
        log_dir=var / "logs", env={"CONCIERGE_VAR": str(var)},
    )  # fmt: skip
    places_data = load_places(args.site)
    skip = set(places_data.dock_ids())
    places = [p.id for p in places_data.places if p.id not in skip]
    kinds = ["go", "escort", "escort_stops", "escort_comes_back", "call_staff", "low_battery"]
    weights = [30, 25, 8, 8, 19, 10]
    if not paging:
        kinds, weights = ["go", "escort", "escort_stops", "tour"], [35, 35, 10, 20]
    if args.kinds:
        wanted = [k.strip() for k in args.kinds.split(",") if k.strip()]
        unknown = sorted(set(wanted) - set(kinds))
        if unknown:
            raise SystemExit(
                f"unknown kind(s) {', '.join(unknown)}; choose from {', '.join(kinds)}"
            )
        weights = [w for k, w in zip(kinds, weights, strict=True) if k in wanted]
        kinds = [k for k in kinds if k in wanted]
    stats: dict[str, dict] = {}
    collisions = [0]
    t0 = time.monotonic()
    stack.start()
    try:
        with RosClient("bench_missions", lockstep=True) as ros:
            ros.subscribe("/robot/status", RobotStatus)
            ros.subscribe("/sim/collisions", UInt32,
                          lambda m: collisions.__setitem__(0, m.data), latched=True)  # fmt: skip
            ros.wait_for(lambda: ros.latest("/robot/status") is not None, 120, "the robot")
            api = f"http://127.0.0.1:{port}/api" if paging else None
            if paging:
                import requests

                ros.wait_for(lambda: _healthy(requests, api), 60, "the paging service", 0.1)
            bench = Bench(ros, places, api, rng, args.mission_timeout_s)
            bench.dock = places_data.roles.get("dock")
            # the section ROS 2 gives the mission manager (`/**/mission_manager` since the fleet)
            params = read_params_file(repo_root() / "launch/params/robot.yaml", "mission_manager")
            bench.low_battery_pct = next(p.value for p in params if p.name == "low_battery_pct")
            bench.courses = load_courses(args.site).courses
            sim_start, lost, charges = ros.sim_now(), 0, 0
            for i in range(args.missions):
                kind = rng.choices(kinds, weights)[0]
                charges += bench.charge_if_low()
                t = ros.sim_now()
                try:
                    res = {
                        "go": bench.go, "tour": bench.tour, "call_staff": bench.call_staff,
                        "escort": lambda: bench.escort("follows"),
                        "escort_stops": lambda: bench.escort("stops"),
                        "escort_comes_back": lambda: bench.escort("comes_back"),
                        "low_battery": lambda: bench.escort("low_battery"),
                    }[kind]()  # fmt: skip
                    ok = res.status == GoalStatus.STATUS_SUCCEEDED
                    code = res.result.error_code
                    msg = res.result.error_msg
                except (TimeoutError, RuntimeError) as exc:
                    ok, code, msg = False, -1, str(exc)
                s = stats.setdefault(kind, _new_stats())
                s["n"] += 1
                s["durations"].append(ros.sim_now() - t)
                intended = code in INTENDED.values() and kind in ("escort_stops", "low_battery")
                lost += code == INTENDED["VISITOR_LOST"]
                if ok:
                    s["succeeded"] += 1
                elif intended:
                    s["intended_give_ups"] += 1
                else:
                    s["failed"] += 1
                    s["errors"].append(f"{code}: {msg}"[:160])
                print(f"[{i + 1}/{args.missions}] {kind}: "
                      f"{'ok' if ok else 'gave up' if intended else 'FAILED ' + msg}",
                      file=sys.stderr, flush=True)  # fmt: skip
            sim_s = ros.sim_now() - sim_start
    finally:
        stack.stop()
    wall_s = time.monotonic() - t0
    by_type, ok_all, counted = {}, 0, 0
    for kind, s in stats.items():
        counted_k = s["n"] - s["intended_give_ups"]
        ok_all += s["succeeded"]
        counted += counted_k
        by_type[kind] = {
            "n": s["n"], "succeeded": s["succeeded"], "intended_give_ups": s["intended_give_ups"],
            "failed": s["failed"],
            "success_rate": round(s["succeeded"] / counted_k, 3) if counted_k else None,
            "p95_s": _p95(s["durations"]), "errors": s["errors"][:5],
        }  # fmt: skip
    rate = ok_all / counted if counted else 0.0
    print(json.dumps({
        "bench": "missions", "site": args.site, "missions": args.missions, "seed": args.seed,
        "success_rate": round(rate, 3), "target_success_rate": 0.98,
        "visitors_lost": lost, "charges_between_missions": charges,
        "collisions": collisions[0], "by_type": by_type,
        "sim_s": round(sim_s, 1), "wall_s": round(wall_s, 1),
        "real_time_factor": round(sim_s / wall_s, 1) if wall_s else None,
        "meets_target": rate >= 0.98 and collisions[0] == 0, "logs": str(var / "logs"),
    }, ensure_ascii=False))  # fmt: skip
    return 0


def _healthy(requests, api: str) -> bool:
    try:
        return requests.get(f"{api}/health", timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
