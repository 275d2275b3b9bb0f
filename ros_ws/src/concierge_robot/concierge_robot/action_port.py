"""Non-blocking action client for behaviour trees: send, poll each tick, cancel.

A tree tick must never wait on the network, so every call here returns at once and the state is
read from futures that the executor completes in the background.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable
from typing import Any

from action_msgs.msg import GoalStatus
from concierge_lockstep.action_client import ActionClient
from rclpy.node import Node


class PortState(enum.Enum):
    IDLE = "idle"
    WAITING = "waiting"  # for the server to appear (e.g. the navigator still loading its map)
    SENDING = "sending"
    ACTIVE = "active"
    SUCCEEDED = "succeeded"
    ABORTED = "aborted"
    CANCELED = "canceled"
    REJECTED = "rejected"
    UNAVAILABLE = "unavailable"  # no server answered in time

    @property
    def done(self) -> bool:
        return self not in (PortState.IDLE, PortState.WAITING, PortState.SENDING, PortState.ACTIVE)


_STATUS = {
    GoalStatus.STATUS_SUCCEEDED: PortState.SUCCEEDED,
    GoalStatus.STATUS_ABORTED: PortState.ABORTED,
    GoalStatus.STATUS_CANCELED: PortState.CANCELED,
}


class ActionPort:
    """One goal at a time on one action server."""

    def __init__(
        self,
        node: Node,
        action_type: Any,
        name: str,
        callback_group=None,
        server_wait_s: float = 60.0,
        now_s: Callable[[], float] = time.monotonic,
    ):
        self._client = ActionClient(node, action_type, name, callback_group=callback_group)
        self._type = action_type
        self.name = name
        # How long a goal waits for its server to show up, on the clock now_s reads: wall time
        # for a server that may still be loading (the navigator's map), the robot's own (sim)
        # time for an optional one (speech), so a missing speaker never depends on load.
        self.server_wait_s = server_wait_s
        self._now_s = now_s
        self._lock = threading.Lock()
        self._gen = 0  # ignores callbacks of goals we have moved on from
        self._reset()

    def _reset(self) -> None:
        self._state = PortState.IDLE
        self._pending: tuple[Any, float] | None = None
        self.feedback: Any = None
        self.result: Any = None
        self._handle = None

    def server_ready(self) -> bool:
        return self._client.server_is_ready()

    @property
    def state(self) -> PortState:
        """The goal's state; a goal waiting for its server is sent here once the server shows."""
        if self._state == PortState.WAITING:
            goal, deadline = self._pending
            if self._client.server_is_ready():
                self._dispatch(goal)
            elif self._now_s() > deadline:
                self._state = PortState.UNAVAILABLE
        return self._state

    @state.setter
    def state(self, value: PortState) -> None:
        self._state = value

    def send(self, goal: Any) -> int:
        """Send a goal (replacing any current one); returns its token for cancel()."""
        with self._lock:
            self._gen += 1
            gen = self._gen
            self._reset()
            if not self._client.server_is_ready():
                self._state = PortState.WAITING
                self._pending = (goal, self._now_s() + self.server_wait_s)
                return gen
        self._dispatch(goal)
        return gen

    def _dispatch(self, goal: Any) -> None:
        with self._lock:
            gen = self._gen
            self._pending = None
            self._state = PortState.SENDING
        fut = self._client.send_goal_async(goal, feedback_callback=lambda fb: self._on_fb(gen, fb))
        fut.add_done_callback(lambda f: self._on_accept(gen, f))

    def _on_fb(self, gen: int, fb: Any) -> None:
        if gen == self._gen:
            self.feedback = fb.feedback

    def _on_accept(self, gen: int, fut) -> None:
        handle = fut.result()
        with self._lock:
            if gen != self._gen:
                if handle.accepted:
                    handle.cancel_goal_async()
                return
            if not handle.accepted:
                self.state = PortState.REJECTED
                return
            self._handle = handle
            self.state = PortState.ACTIVE
        handle.get_result_async().add_done_callback(lambda f: self._on_result(gen, f))

    def _on_result(self, gen: int, fut) -> None:
        res = fut.result()
        with self._lock:
            if gen != self._gen:
                return
            self.result = res.result
            self.state = _STATUS.get(res.status, PortState.ABORTED)

    def cancel(self, token: int | None = None) -> None:
        """Cancel the current goal (if any) and forget it. With a token from send(): only if
        that goal is still the current one (a behaviour stopped late must not cancel the goal
        of the behaviour that took the port over)."""
        with self._lock:
            if token is not None and token != self._gen:
                return
            handle = self._handle
            self._gen += 1
            self._reset()
        if handle is not None:
            handle.cancel_goal_async()
