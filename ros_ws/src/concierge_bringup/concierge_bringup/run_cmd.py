"""`concierge run`: the main job — the city-hall robot in simulation.

Headless it runs the demo scenario: the robot leaves the dock, visits three places among walking
visitors, returns to the dock, and writes var/reports/<time>/ (map + trajectory PNG, JSON
summary). With a display it also opens the operator console's live map.
"""

from __future__ import annotations

import argparse
import os


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="the main job: city-hall robot in simulation (demo + report)")
    p.add_argument("--site", default="city_hall", choices=["city_hall", "arboretum"])
    p.add_argument(
        "--places",
        default="",
        help="comma-separated place ids to visit before docking (default: the site's "
        "demo_route in content/sites/SITE/places.yaml)",
    )
    p.add_argument("--scenario", default="normal", help="visitor preset: light|normal|crowded")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--rtf", type=float, default=10.0, help="simulation real-time factor")
    p.add_argument("--headless", action="store_true", help="never open a window")
    p.add_argument(
        "--ui",
        action="store_true",
        help="open the operator console and the robot screen (windows) on the running sim",
    )
    p.add_argument("--no-speech", action="store_true", help="leave out the speech nodes")
    p.add_argument("--leg-timeout", type=float, default=240.0, help="wall seconds per leg")
    p.add_argument(
        "--robots",
        type=int,
        default=0,
        help="N > 0: the first N robots of the site's fleet (content places.yaml `fleet`) in "
        "one simulation, each under its namespace, sharing the demo route (no windows, no "
        "speech); 0 (default): the one robot",
    )
    p.add_argument(
        "--arboretum",
        type=int,
        default=0,
        choices=(0, 1),
        help="with --robots: 1 adds the arboretum's docent robot (its own world, same "
        "simulation and clock) driving the arboretum's demo route",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from concierge_bringup.demo import Demo
    from concierge_bringup.stack import terminate_as_interrupt

    terminate_as_interrupt()
    if "ROS_DOMAIN_ID" not in os.environ:
        # The demo brings its own robot: keep it apart from any other ROS 2 traffic on the
        # machine (a second robot, a test run). Set ROS_DOMAIN_ID to watch it from outside.
        import random

        os.environ["ROS_DOMAIN_ID"] = str(random.randint(101, 200))
        os.environ.setdefault("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST")
    print(f"demo: ROS_DOMAIN_ID={os.environ['ROS_DOMAIN_ID']}")
    places = [p.strip() for p in args.places.split(",") if p.strip()]
    if args.robots < 0:
        raise ValueError(f"--robots {args.robots}: give 0 (one robot) or more")
    if args.arboretum and not args.robots:
        raise ValueError("--arboretum joins a fleet demo: give --robots N as well")
    if args.robots > 0:
        from concierge_bringup.fleet_demo import FleetDemo

        demo = FleetDemo(args.site, args.robots, args.scenario, args.seed, args.rtf,
                         args.leg_timeout, places or None, arboretum=args.arboretum)  # fmt: skip
        return demo.run()
    if not places:
        from concierge_content.places import load_places

        places = load_places(args.site).demo_route
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if args.ui and not has_display:
        print("demo: --ui needs a display (DISPLAY or WAYLAND_DISPLAY); running headless")
    show_window = has_display and not args.headless
    demo = Demo(
        site=args.site,
        places=places,
        scenario=args.scenario,
        seed=args.seed,
        rtf=args.rtf,
        speech=not args.no_speech,
        window=show_window,
        robot_screen=show_window and args.ui,
        leg_timeout_s=args.leg_timeout,
    )
    return demo.run()
