"""The simulator's step barrier: who is waited for, and when a silent node is dropped."""

from __future__ import annotations

import pytest
from concierge_lockstep.barrier import StepBarrier


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock():
    return FakeClock()


def test_the_next_step_waits_for_every_joined_node(clock):
    b = StepBarrier(timeout_s=5.0, clock=clock)
    b.begin_step(0)
    b.ack("navigator", 0)
    b.ack("/mission_manager", 0)
    b.begin_step(50)
    assert not b.ready()
    assert b.pending() == ["/mission_manager", "/navigator"]
    b.ack("navigator", 50)
    assert not b.ready()
    b.ack("mission_manager", 50)
    assert b.ready()


def test_a_step_waits_for_the_cmd_vel_its_acknowledgement_announced(clock):
    b = StepBarrier(clock=clock)
    b.begin_step(0)
    b.ack("navigator", 0)
    b.begin_step(50)
    b.ack("navigator", 50, cmd_vel_sent=1)  # the ack overtook its /cmd_vel
    assert not b.ready()
    b.cmd_vel_arrived()
    assert b.ready()


def test_a_repeated_acknowledgement_does_not_forget_the_cmd_vel(clock):
    b = StepBarrier(clock=clock)
    b.begin_step(50)
    b.ack("navigator", 50, cmd_vel_sent=1)
    b.ack("navigator", 50, cmd_vel_sent=0)
    assert not b.ready()


def test_nobody_joined_means_free_running(clock):
    b = StepBarrier(clock=clock)
    b.begin_step(50)
    assert b.ready()


def test_expected_nodes_are_listed_until_they_join(clock):
    b = StepBarrier(["navigator", " mission_manager"], clock=clock)
    assert b.missing_joiners() == ["/mission_manager", "/navigator"]
    assert b.ack("/navigator", 0) is True
    assert b.ack("/navigator", 0) is False
    assert b.missing_joiners() == ["/mission_manager"]


def test_a_silent_node_is_dropped_after_the_timeout_and_rejoins_later(clock):
    b = StepBarrier(timeout_s=5.0, clock=clock)
    b.begin_step(0)
    b.ack("navigator", 0)
    b.ack("mission_manager", 0)
    b.begin_step(50)
    b.ack("mission_manager", 50)
    clock.t = 4.9
    assert b.drop_overdue() == []
    clock.t = 5.1
    assert b.drop_overdue() == ["/navigator"]
    assert b.ready()
    b.begin_step(100)
    assert b.pending() == ["/mission_manager"]
    assert b.ack("navigator", 100) is True  # back: waited for again
    b.begin_step(150)
    assert b.pending() == ["/mission_manager", "/navigator"]


def test_a_leaving_node_is_not_waited_for(clock):
    b = StepBarrier(clock=clock)
    b.begin_step(0)
    b.ack("navigator", 0)
    b.begin_step(50)
    b.ack("navigator", 0, leaving=True)
    assert b.ready()


def test_a_bad_timeout_is_refused():
    with pytest.raises(ValueError, match="timeout"):
        StepBarrier(timeout_s=0)
