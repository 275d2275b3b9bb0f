"""Test-wide settings: Qt offscreen, an isolated ROS 2 domain per test process, no stray stacks."""

from __future__ import annotations

import os
import random

# Qt aborts without a display unless told to render offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Each pytest process (xdist worker) gets its own DDS domain on localhost only, so test stacks
# running side by side never hear each other.
os.environ.setdefault("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST")
os.environ.setdefault("ROS_DOMAIN_ID", str(random.Random(os.getpid()).randint(1, 100)))
os.environ.setdefault("RCUTILS_LOGGING_BUFFERED_STREAM", "1")
