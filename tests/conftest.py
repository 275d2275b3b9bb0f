"""Test-wide settings: Qt offscreen, an isolated ROS 2 domain per test process, no stray stacks."""

from __future__ import annotations

import os
import random

# Qt aborts without a display unless told to render offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Each pytest process (xdist worker) gets its own DDS domain on localhost only, so test stacks
# running side by side never hear each other.
os.environ.setdefault("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST")
# xdist workers share a parent: consecutive ids from one random base keep them apart, and the
# random base keeps two pytest runs on one machine apart too (ids 1..100 are valid everywhere).
_worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
_base = random.Random(os.getppid() if "PYTEST_XDIST_WORKER" in os.environ else os.getpid())
os.environ.setdefault("ROS_DOMAIN_ID", str(1 + (_base.randrange(0, 96) + _worker) % 100))
os.environ.setdefault("RCUTILS_LOGGING_BUFFERED_STREAM", "1")
