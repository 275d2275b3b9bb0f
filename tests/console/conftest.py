"""Fixtures shared by tests/robot_screen and tests/console (tests/robot_ui_support.py)."""

from robot_ui_support import ctx, fake_robot, no_robot, robot, shell, styled

__all__ = ["ctx", "fake_robot", "no_robot", "robot", "shell", "styled"]
