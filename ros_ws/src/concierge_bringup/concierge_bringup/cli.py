"""`concierge`: one entry point; each sub-command lives with the code it drives.

Only the chosen sub-command's module is imported, so `concierge ask` does not pay for Qt and
`concierge kiosk` does not pay for ROS. A module's `register(subparsers)` adds its parser and
sets `func(args) -> int`; heavy imports belong inside `func`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> (module that registers it, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "run": ("concierge_bringup.run_cmd", "the main job: city-hall robot in simulation (demo)"),
    "launch": ("concierge_bringup.launch_cmd", "run a launch/*.launch.yaml file"),
    "mission": ("concierge_bringup.mission_cli", "send, watch and control robot missions"),
    "ask": ("concierge_dialog.cli", "dialog only: text in, intent + reply JSON out"),
    "listen": ("concierge_speech.cli", "WAV file -> text -> intent -> reply JSON"),
    "content": ("concierge_content.cli", "check the content/ folder"),
    "sim": ("concierge_sim.cli", "simulator tools (export-maps, ...)"),
    "bench": ("concierge_bringup.bench_cmd", "run a benchmark from bench/ (one JSON line)"),
    "kiosk": ("kiosk_ui.cli", "open the kiosk app"),
    "console": ("kiosk_ui.console_cli", "open the operator console"),
    "docdrop": ("kiosk_ui.docdrop.cli", "serve the QR document upload service"),
    "paging": ("concierge_paging.cli", "serve the staff paging service (HTTP) or check one"),
    "missions": ("concierge_robot.mission_log_cli", "the mission log: list, export CSV, figures"),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="concierge",
        description="Concierge robots and civic kiosks",
        epilog="commands: " + ", ".join(SUBCOMMANDS),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module, help_text) in SUBCOMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name, help=help_text, add_help=False)
            continue
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    chosen = argv[0] if argv and argv[0] in SUBCOMMANDS else None
    parser = build_parser(only=chosen)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except (ValueError, FileNotFoundError, RuntimeError) as exc:
        # Errors at the edge become one clear line, never a traceback.
        print(f"concierge {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
