"""Whole-stack fixtures: real node processes over DDS, always stopped by the test."""

from __future__ import annotations

import pytest
from concierge_bringup.ros_client import RosClient


@pytest.fixture
def ros():
    with RosClient("e2e_test", lockstep=True) as client:
        yield client
