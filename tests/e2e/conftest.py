"""Whole-stack fixtures: real node processes over DDS, always stopped by the test."""

from __future__ import annotations

import pytest
from concierge_bringup.ros_client import RosClient


@pytest.fixture
def ros():
    """A lockstep client per test. Between tests of a module the world is handed over, held on
    its step, from one test's client to the next (RosClient.close)."""
    client = RosClient("e2e_test", lockstep=True)
    try:
        yield client
    finally:
        client.close(hand_over=True)
