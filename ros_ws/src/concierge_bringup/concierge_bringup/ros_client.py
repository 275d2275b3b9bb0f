"""A small rclpy client for scripts, the CLI and tests: a node spun in a background thread,
with blocking helpers to call actions and services and to read topics."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

import rclpy
from rclpy.action import ActionClient
from rclpy.executors import MultiThreadedExecutor
from rclpy.node import Node
from rclpy.parameter import Parameter
from rclpy.qos import DurabilityPolicy, QoSProfile


class RosClient:
    """`with RosClient("name") as ros:` — node + executor thread, stopped on exit."""

    def __init__(self, name: str = "concierge_client", use_sim_time: bool = True):
        self._own_context = not rclpy.ok()
        if self._own_context:
            rclpy.init()
        self.node = Node(name, parameter_overrides=[Parameter("use_sim_time", value=use_sim_time)])
        self.executor = MultiThreadedExecutor(num_threads=2)
        self.executor.add_node(self.node)
        self._thread = threading.Thread(target=self._spin, daemon=True)
        self._thread.start()
        self._latest: dict[str, Any] = {}
        self._subs: dict[str, Any] = {}

    def _spin(self) -> None:
        with contextlib.suppress(Exception):
            self.executor.spin()

    def __enter__(self) -> RosClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.executor.shutdown(timeout_sec=1.0)
        self.node.destroy_node()
        if self._own_context:
            rclpy.try_shutdown()
        self._thread.join(timeout=2.0)

    def now_s(self) -> float:
        return self.node.get_clock().now().nanoseconds * 1e-9

    # ---- topics ----
    def subscribe(
        self, topic: str, msg_type: Any, callback: Callable | None = None, latched: bool = False
    ) -> None:
        """Keep the latest message of a topic (and call callback on each)."""
        qos = QoSProfile(depth=10)
        if latched:
            qos = QoSProfile(depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL)

        def on_msg(msg: Any) -> None:
            self._latest[topic] = msg
            if callback is not None:
                callback(msg)

        self._subs[topic] = self.node.create_subscription(msg_type, topic, on_msg, qos)

    def latest(self, topic: str) -> Any:
        return self._latest.get(topic)

    def wait_for(
        self, cond: Callable[[], Any], timeout_s: float, what: str, poll_s: float = 0.05
    ) -> Any:
        """Wait (wall time) until cond() is truthy; TimeoutError names what we waited for."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            value = cond()
            if value:
                return value
            time.sleep(poll_s)
        raise TimeoutError(f"timed out after {timeout_s:.0f} s waiting for {what}")

    # ---- actions and services ----
    def action_client(self, action_type: Any, name: str) -> ActionClient:
        return ActionClient(self.node, action_type, name)

    def send_goal(
        self,
        action_type: Any,
        name: str,
        goal: Any,
        on_feedback: Callable[[Any], None] | None = None,
        server_timeout_s: float = 10.0,
    ):
        """Send a goal; returns the goal handle (accepted) or raises with a clear message."""
        client = self.action_client(action_type, name)
        if not client.wait_for_server(timeout_sec=server_timeout_s):
            raise TimeoutError(f"no '{name}' action server answered in {server_timeout_s:.0f} s")
        fut = client.send_goal_async(
            goal, feedback_callback=(lambda fb: on_feedback(fb.feedback)) if on_feedback else None
        )
        handle = self._wait_future(fut, 30.0, f"'{name}' to accept the goal")
        if not handle.accepted:
            raise RuntimeError(f"'{name}' rejected the goal")
        return handle

    def result(self, handle, timeout_s: float, what: str = "the action result"):
        """Block until the goal ends; returns the GetResult response (status, result)."""
        return self._wait_future(handle.get_result_async(), timeout_s, what)

    def call(self, srv_type: Any, name: str, request: Any, timeout_s: float = 10.0):
        client = self.node.create_client(srv_type, name)
        if not client.wait_for_service(timeout_sec=timeout_s):
            raise TimeoutError(f"no '{name}' service answered in {timeout_s:.0f} s")
        return self._wait_future(client.call_async(request), timeout_s, f"'{name}' to answer")

    @staticmethod
    def _wait_future(fut, timeout_s: float, what: str):
        done = threading.Event()
        fut.add_done_callback(lambda _f: done.set())
        if not done.wait(timeout_s):
            raise TimeoutError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        return fut.result()
