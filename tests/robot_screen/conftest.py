"""Fixtures shared by tests/robot_screen and tests/console (tests/robot_ui_support.py)."""

from robot_ui_support import city_hall, ctx, fake_robot, no_robot, robot, shell, styled

__all__ = ["city_hall", "ctx", "fake_robot", "no_robot", "robot", "shell", "styled"]
