"""Headless 2D simulator built from the SDF worlds (plain-Python core + a thin ROS node)."""
