"""`concierge mission ...`: send missions to the robot and watch them, with live progress.

If no robot answers, `go`/`escort`/`tour`/`call-staff`/`dock` start the site's simulated stack for
the duration of the command (`--launch never` turns that off).
"""

from __future__ import annotations

import argparse
import json
import sys

CONTROL = ("cancel", "pause", "resume", "skip", "repeat", "end", "estop", "release-estop")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("mission", help="send, watch and control robot missions")
    ms = p.add_subparsers(dest="mission_cmd", required=True)

    def robot(sp):
        sp.add_argument(
            "--robot",
            default="",
            help="a fleet robot's ROS namespace (e.g. robot2, `concierge run --robots 2`); "
            "default: the one robot at the root namespace",
        )
        return sp

    def common(sp):
        robot(sp)
        sp.add_argument("--site", default="city_hall", choices=["city_hall", "arboretum"])
        sp.add_argument(
            "--launch",
            default="auto",
            choices=["auto", "never"],
            help="start the simulated stack when no robot answers (default auto)",
        )
        sp.add_argument(
            "--rtf",
            type=float,
            default=5.0,
            help="real-time factor of a stack started by this command",
        )
        sp.add_argument("--timeout", type=float, default=600.0, help="seconds (wall) to wait")
        sp.set_defaults(func=run)
        return sp

    common(ms.add_parser("go", help="drive to a place")).add_argument("place")
    e = common(ms.add_parser("escort", help="lead a visitor to a place"))
    e.add_argument("place")
    e.add_argument("--visitor", default="", help="person id in /people to lead")
    e.add_argument("--lang", default="ko", choices=["ko", "en"])
    t = common(ms.add_parser("tour", help="lead a docent tour"))
    t.add_argument("course")
    t.add_argument("--lang", default="ko", choices=["ko", "en"])
    c = common(
        ms.add_parser("call-staff", help="page a veteran official and escort to the counter")
    )
    c.add_argument(
        "--office", default="", help="office place id (default: the site's staff office)"
    )
    c.add_argument("--staff", default="")
    c.add_argument("--reason", default="")
    c.add_argument("--no-escort", action="store_true")
    c.add_argument("--lang", default="ko", choices=["ko", "en"])
    common(ms.add_parser("dock", help="go to the charging dock and dock"))
    for name in CONTROL:
        s = robot(ms.add_parser(name, help=f"{name} the running mission"))
        s.set_defaults(func=run_control)
    st = robot(
        ms.add_parser("status", help="print /robot/status as JSON (--watch: keep printing)")
    )
    st.add_argument("--watch", action="store_true")
    st.set_defaults(func=run_status)
    tr = robot(ms.add_parser("tree", help="print the running mission's behaviour tree"))
    tr.set_defaults(func=run_tree)


def _ns(args, name: str) -> str:
    """A robot's action, service or topic: 'go_to_place' -> 'robot2/go_to_place' (absolute
    names keep their slash: '/robot/status' -> '/robot2/robot/status')."""
    robot = getattr(args, "robot", "").strip("/")
    if not robot:
        return name
    return f"/{robot}{name}" if name.startswith("/") else f"{robot}/{name}"


def _goal(args):
    from concierge_interfaces.action import CallStaff, Escort, GoToPlace, Tour

    cmd = args.mission_cmd
    if cmd == "go":
        return GoToPlace, "go_to_place", GoToPlace.Goal(place_id=args.place, announce=True)
    if cmd == "dock":
        from concierge_content.places import load_places

        # "go to the dock" means docking there: the robot's own (a fleet robot has one)
        dock = load_places(args.site).roles_for(args.robot)["dock"]
        return GoToPlace, "go_to_place", GoToPlace.Goal(place_id=dock, announce=True)
    if cmd == "escort":
        goal = Escort.Goal(
            place_id=args.place, visitor_id=args.visitor, return_home=True, lang=args.lang
        )
        return Escort, "escort", goal
    if cmd == "tour":
        return Tour, "tour", Tour.Goal(course_id=args.course, lang=args.lang)
    goal = CallStaff.Goal(
        office_id=args.office,
        staff_id=args.staff,
        reason=args.reason,
        lang=args.lang,
        escort_to_counter=not args.no_escort,
    )
    return CallStaff, "call_staff", goal


def _describe(fb) -> tuple[float | None, str]:
    parts = [getattr(fb, "phase", "")]
    dist = getattr(fb, "distance_remaining_m", 0.0)
    if dist:
        parts.append(f"{dist:.1f} m left")
    if hasattr(fb, "stop_count") and fb.stop_count:
        parts.append(f"stop {fb.stop_index + 1}/{fb.stop_count} {fb.stop_id}")
    if hasattr(fb, "escalation_level") and fb.escalation_level:
        parts.append(f"escalated x{fb.escalation_level}")
    return getattr(fb, "progress", None), "  ".join(p for p in parts if p)


def run(args: argparse.Namespace) -> int:
    from action_msgs.msg import GoalStatus

    from concierge_bringup.progress import LiveLine
    from concierge_bringup.ros_client import RosClient

    action_type, name, goal = _goal(args)
    name = _ns(args, name)
    stack = None
    with RosClient("concierge_mission_cli") as ros:
        client = ros.action_client(action_type, name)
        if not client.wait_for_server(timeout_sec=3.0):
            if args.launch == "never" or args.robot:  # a fleet is started on purpose
                print(f"no robot answers on '{name}' (is the stack running?)", file=sys.stderr)
                return 3
            stack = _start_stack(args)
        try:
            line = LiveLine()
            t0 = [None]

            def on_fb(fb):
                now = ros.now_s()
                t0[0] = t0[0] if t0[0] is not None else now
                frac, text = _describe(fb)
                line.show(frac, f"{text}  t={now - t0[0]:.0f}s (sim)")

            handle = ros.send_goal(
                action_type, name, goal, on_feedback=on_fb, server_timeout_s=60.0
            )
            try:
                res = ros.result(handle, args.timeout, f"{name} to finish")
            except (TimeoutError, KeyboardInterrupt):
                handle.cancel_goal_async()
                line.done("canceled")
                raise
            ok = res.status == GoalStatus.STATUS_SUCCEEDED
            r = res.result
            summary = {
                "mission": name,
                "succeeded": ok,
                "error_code": r.error_code,
                "error_msg": r.error_msg,
            }
            for key in ("distance_travelled_m", "stops_visited", "staff_name", "wait_s"):
                if hasattr(r, key):
                    summary[key] = (
                        round(getattr(r, key), 2)
                        if isinstance(getattr(r, key), float)
                        else getattr(r, key)
                    )
            line.done("done" if ok else f"failed: {r.error_msg}")
            print(json.dumps(summary, ensure_ascii=False))
            return 0 if ok else 1
        finally:
            if stack is not None:
                stack.stop()


def _start_stack(args):
    from concierge_content.paths import repo_root

    from concierge_bringup.stack import Stack

    launch = repo_root() / "launch" / f"{args.site}.launch.yaml"
    print(
        f"no robot running: starting the simulated {args.site} stack (rtf {args.rtf:g}) ...",
        file=sys.stderr,
    )
    stack = Stack(launch, {"real_time_factor": args.rtf})
    stack.start()
    print(f"  node logs: {stack.log_dir}", file=sys.stderr)
    return stack


def run_control(args: argparse.Namespace) -> int:
    from concierge_interfaces.srv import MissionControl

    from concierge_bringup.ros_client import RosClient

    command = args.mission_cmd.replace("-", "_")
    with RosClient("concierge_mission_cli") as ros:
        resp = ros.call(
            MissionControl,
            _ns(args, "mission_control"),
            MissionControl.Request(command=command),
            timeout_s=5.0,
        )
    print(
        json.dumps(
            {"command": command, "success": resp.success, "message": resp.message},
            ensure_ascii=False,
        )
    )
    return 0 if resp.success else 1


def status_dict(s) -> dict:
    return {
        "robot": s.robot_name,
        "site": s.site,
        "state": s.state_text,
        "battery_percent": round(s.battery_percent, 1),
        "docked": s.docked,
        "pose": [round(s.x, 2), round(s.y, 2), round(s.yaw, 2)],
        "task_id": s.task_id,
        "task_type": s.task_type,
        "task_state": s.task_state,
        "task_detail": s.task_detail,
        "task_progress": round(s.task_progress, 2),
        "errors": list(s.errors),
    }


def run_status(args: argparse.Namespace) -> int:
    from concierge_interfaces.msg import RobotStatus

    from concierge_bringup.ros_client import RosClient

    with RosClient("concierge_mission_cli") as ros:
        printed = [0]

        def show(msg):
            if args.watch or printed[0] == 0:
                print(json.dumps(status_dict(msg), ensure_ascii=False), flush=True)
                printed[0] += 1

        topic = _ns(args, "/robot/status")
        ros.subscribe(topic, RobotStatus, show)
        try:
            ros.wait_for(lambda: printed[0] > 0, 5.0, f"{topic} (is the robot running?)")
            while args.watch:
                ros.wait_for(lambda: False, 3600, "Ctrl-C")
        except KeyboardInterrupt:
            pass
    return 0


def run_tree(args: argparse.Namespace) -> int:
    from std_msgs.msg import String

    from concierge_bringup.ros_client import RosClient

    with RosClient("concierge_mission_cli") as ros:
        topic = _ns(args, "/mission/tree")
        ros.subscribe(topic, String, latched=True)
        msg = ros.wait_for(lambda: ros.latest(topic), 5.0, topic)
    print(msg.data)
    return 0
