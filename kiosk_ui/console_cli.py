"""`concierge console [--site S]`: the operator console (kiosk shell in operator mode)."""

from __future__ import annotations

import argparse

SITES = ("city_hall", "arboretum")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("console", help="open the operator console")
    p.add_argument("--site", choices=SITES, default="city_hall", help="which site's map/places")
    p.add_argument("--windowed", action="store_true", help="a 1280x800 window, not full-screen")
    p.add_argument("--lang", choices=("ko", "en"), default="ko", help="starting language")
    p.add_argument(
        "--robots",
        default="",
        help="the fleet's ROS namespaces, comma-separated (e.g. robot1,robot2: "
        "`concierge launch launch/city_hall_fleet.launch.yaml`); default: the one robot at the "
        "root namespace, and any robot heard later",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os

    # The operator mode reads the site from the environment, as the robot screen does, so the
    # shell needs no site setting of its own.
    os.environ["CONCIERGE_SITE"] = args.site
    if args.robots:
        from kiosk_ui.modes.operator import ROBOTS_ENV

        os.environ[ROBOTS_ENV] = args.robots
    try:
        from kiosk_ui.app import ShellConfig
        from kiosk_ui.app import run as run_app
    except ImportError:  # the shell is not there: the console in a window of its own
        return _run_standalone(args)
    config = ShellConfig(
        mode="operator",
        lang=args.lang,
        fullscreen=not args.windowed,
        idle_warning_s=24 * 3600.0,  # an operator console does not time out
        idle_timeout_s=24 * 3600.0 + 30,
    )
    return run_app(config)


def _run_standalone(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from concierge_content.i18n import load_strings
    from concierge_content.paths import var_root
    from PyQt6.QtWidgets import QApplication, QMainWindow

    from kiosk_ui import theme
    from kiosk_ui.modes.base import KioskContext
    from kiosk_ui.modes.operator import OperatorMode

    app = QApplication.instance() or QApplication(sys.argv[:1])
    ctx = KioskContext(strings=load_strings(), var_dir=Path(var_root()), lang=args.lang)
    app.setStyleSheet(theme.style_sheet(ctx.accessibility))
    mode = OperatorMode(ctx, site=args.site)
    win = QMainWindow()
    win.setWindowTitle(ctx.t("operator.window_title", site=args.site))
    win.setCentralWidget(mode.build(win))
    mode.start()
    win.resize(1280, 800)
    win.show() if args.windowed else win.showFullScreen()
    try:
        return app.exec()
    finally:
        mode.stop()
