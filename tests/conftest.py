"""Test-wide settings: Qt offscreen, an isolated ROS 2 domain per test process, no stray stacks."""

from __future__ import annotations

import os
import random

# Qt aborts without a display unless told to render offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Each pytest process (xdist worker) gets its own DDS domain on localhost only, so test stacks
# running side by side never hear each other.
os.environ.setdefault("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST")
# The controller picks a random base once; each xdist worker takes base + its index (workers
# inherit the controller's environment, so the worker must override, not setdefault). Two pytest
# runs on one machine stay apart by their random bases (ids 1..100 are valid everywhere).
if "CONCIERGE_TEST_DOMAIN_BASE" not in os.environ:
    os.environ["CONCIERGE_TEST_DOMAIN_BASE"] = str(random.SystemRandom().randint(1, 90))
_base = int(os.environ["CONCIERGE_TEST_DOMAIN_BASE"])
if "PYTEST_XDIST_WORKER" in os.environ:
    _worker = int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw") or 0)
    os.environ["ROS_DOMAIN_ID"] = str(1 + (_base + _worker) % 100)
else:
    os.environ.setdefault("ROS_DOMAIN_ID", str(_base))
os.environ.setdefault("RCUTILS_LOGGING_BUFFERED_STREAM", "1")


# Longest first: the run ends when its slowest worker does. xdist's loadscope hands out whole
# modules in collection order (with --no-loadscope-reorder; its own reorder puts modules with
# many tests first, which left the one-test whole-stack modules, the longest, for last). So the
# modules that take longest come first: slow, then whole-stack, then benches and screens.
_FIRST = ("slow", "e2e", "bench", "gui")


def _rank(item) -> int:
    marks = {m.name for m in item.iter_markers()}
    return next((i for i, name in enumerate(_FIRST) if name in marks), len(_FIRST))


def pytest_collection_modifyitems(items) -> None:
    module_rank: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        module_rank[module] = min(module_rank.get(module, len(_FIRST)), _rank(item))
    items.sort(key=lambda item: module_rank[item.nodeid.split("::")[0]])  # stable: keeps order
