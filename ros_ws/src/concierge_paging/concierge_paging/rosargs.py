"""Read the ROS 2 arguments a launch file gives a node (`--ros-args -r __node:=x -p k:=v
--params-file f.yaml`) without rclpy, for a process that is launched like a node but is not one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# ROS flags that take one value and that a non-ROS process has no use for.
_IGNORED_WITH_VALUE = {"--log-level", "--log-file-name", "--log-config-file", "-e", "--enclave"}
_IGNORED_FLAGS = {
    "--enable-rosout-logs",
    "--disable-rosout-logs",
    "--enable-stdout-logs",
    "--disable-stdout-logs",
    "--enable-external-lib-logs",
    "--disable-external-lib-logs",
}


class RosArgsError(ValueError):
    """The ROS arguments cannot be read; the message names the argument or file."""


@dataclass
class Param:
    name: str
    value: object
    source: str  # "-p" or the params file path
    strict: bool  # set for this node by name (not by a /** wildcard): unknown names are errors


@dataclass
class RosArgs:
    node_name: str
    namespace: str = "/"
    params: list[Param] = field(default_factory=list)  # in the order ROS applies them
    params_files: list[Path] = field(default_factory=list)
    remaps: dict[str, str] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)  # arguments outside --ros-args

    @property
    def fully_qualified_name(self) -> str:
        return f"{self.namespace.rstrip('/')}/{self.node_name}"


def parse_ros_args(argv: list[str], default_node_name: str) -> RosArgs:
    """Split argv into ROS arguments and the rest; params files are read (in order) at once."""
    out = RosArgs(default_node_name)
    cli_params: list[Param] = []
    in_ros = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--ros-args":
            in_ros = True
        elif arg == "--" and in_ros:
            in_ros = False
        elif not in_ros:
            out.other.append(arg)
        elif arg in ("-r", "--remap", "-p", "--param", "--params-file") or (
            arg in _IGNORED_WITH_VALUE
        ):
            if i + 1 >= len(argv):
                raise RosArgsError(f"ROS argument {arg} needs a value")
            value = argv[i + 1]
            i += 1
            if arg in ("-r", "--remap"):
                src, dst = _assignment(arg, value)
                out.remaps[src] = dst
                if src == "__node":
                    out.node_name = dst
                elif src == "__ns":
                    out.namespace = dst if dst.startswith("/") else "/" + dst
            elif arg in ("-p", "--param"):
                name, text = _assignment(arg, value)
                cli_params.append(Param(name, _yaml_value(text, f"{arg} {value}"), "-p", True))
            elif arg == "--params-file":
                out.params_files.append(Path(value))
        elif arg not in _IGNORED_FLAGS:
            raise RosArgsError(f"unknown ROS argument {arg!r}")
        i += 1
    # Files first, then -p, whatever the order on the command line (as rcl does).
    for path in out.params_files:
        out.params += read_params_file(path, out.node_name, out.namespace)
    out.params += cli_params
    return out


def _assignment(flag: str, text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":=")
    if not sep or not name:
        raise RosArgsError(f"ROS argument {flag} {text!r}: expected name:=value")
    if ":" in name:  # "node:name:=value" applies to one node only; we are the only node here
        name = name.split(":", 1)[1]
    return name, value


def _yaml_value(text: str, where: str) -> object:
    try:
        value = yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        raise RosArgsError(f"{where}: not a valid parameter value") from None
    return "" if value is None else value


def read_params_file(path: Path, node_name: str, namespace: str = "/") -> list[Param]:
    """The parameters a ROS 2 params file gives this node, in file order."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RosArgsError(f"cannot read params file {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise RosArgsError(f"params file {path}: not valid YAML: {exc}") from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise RosArgsError(f"params file {path}: expected `<node name>: {{ros__parameters: …}}`")
    fqn = f"{namespace.rstrip('/')}/{node_name}"
    found: list[Param] = []
    for key, section in data.items():
        pattern = str(key)
        if not _matches(pattern, fqn):
            continue
        params = (section or {}).get("ros__parameters") if isinstance(section, dict) else None
        if not isinstance(params, dict):
            raise RosArgsError(f"params file {path}: {pattern!r} has no ros__parameters mapping")
        strict = "*" not in pattern
        for name, value in _flatten(params):
            found.append(Param(name, value, str(path), strict))
    return found


def _matches(pattern: str, fqn: str) -> bool:
    """ROS 2 node-name patterns: `/**` every node, `*` one name part, else the (full) name."""
    if not pattern.startswith("/"):
        pattern = "/" + pattern
    wild = {"/**/": "(?:/.*)?/", "**": ".*", "*": "[^/]*"}
    regex = "".join(
        wild.get(part, re.escape(part)) for part in re.split(r"(/\*\*/|\*\*|\*)", pattern)
    )
    return re.fullmatch(regex, fqn) is not None


def _flatten(params: dict, prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for name, value in params.items():
        full = f"{prefix}{name}"
        if isinstance(value, dict):
            out += _flatten(value, full + ".")
        else:
            out.append((full, value))
    return out
