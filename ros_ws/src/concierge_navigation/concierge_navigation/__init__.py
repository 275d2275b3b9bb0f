"""Embedded Nav2 stand-in: plain-Python navigation core plus a thin ROS 2 node."""
