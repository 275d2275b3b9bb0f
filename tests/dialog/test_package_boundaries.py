"""The dialog engine is plain Python shared by robot and speech: no ROS, no robot internals."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "ros_ws" / "src"


def _imports(package: str) -> set[str]:
    names: set[str] = set()
    for path in (SRC / package / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_dialog_engine_imports_no_ros_and_no_robot():
    forbidden = {"rclpy", "concierge_robot", "concierge_speech", "concierge_interfaces"}
    assert _imports("concierge_dialog") & forbidden == set()


def test_speech_does_not_import_robot_internals():
    assert "concierge_robot" not in _imports("concierge_speech")


def test_dialog_node_uses_the_dialog_package():
    assert "concierge_dialog" in _imports("concierge_robot")
