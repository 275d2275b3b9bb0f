"""`concierge launch FILE [name:=value ...]`: run a launch file until Ctrl-C or a node dies."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("launch", help="run a launch/*.launch.yaml file")
    p.add_argument("file", help="launch file, e.g. launch/city_hall.launch.yaml")
    p.add_argument("args", nargs="*", metavar="name:=value", help="launch arguments")
    p.set_defaults(func=run)


def parse_launch_args(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition(":=")
        if not sep or not name:
            raise ValueError(f"launch argument {item!r} must look like name:=value")
        out[name] = value
    return out


def run(args: argparse.Namespace) -> int:
    from concierge_bringup.stack import Stack, terminate_as_interrupt

    terminate_as_interrupt()
    stack = Stack(args.file, parse_launch_args(args.args), echo=True)
    stack.start()
    print(f"launch: {len(stack.procs)} node(s) running; logs in {stack.log_dir}; Ctrl-C stops")
    return stack.wait()
