"""A small rclpy client for scripts, the CLI and tests: a node spun in a background thread,
with blocking helpers to call actions and services and to read topics.

With lockstep=True the client also takes part in the simulator's lockstep (it acknowledges each
step), which lets a test act at an exact moment of sim time: `with ros.frozen_when(cond, ...)`
holds the world at the first step where cond() is true while the body runs (sends a command,
kills a node ...), so what a test does never depends on how fast the machine is. While a test
waits for something that takes wall time (a node loading a model, DDS discovery),
`with ros.paced():` lets the world run at a gentle pace instead of as fast as the nodes go."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import rclpy
from concierge_lockstep.action_client import ActionClient
from rclpy.experimental import EventsExecutor
from rclpy.node import Node
from rclpy.parameter import Parameter
from rclpy.qos import DurabilityPolicy, QoSProfile


class RosClient:
    """`with RosClient("name") as ros:` — node + executor thread, stopped on exit."""

    # Safety net for waits on sim time (a hung stack must not hang the caller): wall seconds
    # allowed per sim second, about twice the slowest a loaded 2-core machine has run.
    wall_per_sim_s = 2.0

    def __init__(
        self, name: str = "concierge_client", use_sim_time: bool = True, lockstep: bool = False
    ):
        self._own_context = not rclpy.ok()
        if self._own_context:
            rclpy.init()
        self.node = Node(
            name,
            parameter_overrides=[Parameter("use_sim_time", value=use_sim_time)],
            start_parameter_services=False,  # nobody sets a client's parameters; they cost
        )
        # One thread runs every callback in arrival order (rclpy's C++ events executor): a
        # test sees /odom in order, and the lockstep gate judges each step once.
        self.executor = EventsExecutor()
        self.executor.add_node(self.node)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._spin, daemon=True)
        self._thread.start()
        self._latest: dict[str, Any] = {}
        self._subs: dict[str, Any] = {}
        self._action_clients: dict[tuple[Any, str], ActionClient] = {}
        self._service_clients: dict[tuple[Any, str], Any] = {}
        self._gate = threading.Condition()
        self._sim_now_s = -1.0
        self._hold_when: Callable[[], Any] | None = None
        self._held = None  # the /clock stamp the world is held at
        self._participant = None
        self._pace: float | None = None  # paced(): wall s per sim s while pacing
        clock_qos: Any = 10
        if lockstep:
            from concierge_lockstep.participant import CLOCK_QOS, Participant

            self._participant = Participant(self.node)
            clock_qos = CLOCK_QOS  # also the step the world may be waiting on (close())
        from rosgraph_msgs.msg import Clock

        self.node.create_subscription(Clock, "/clock", self._on_clock, clock_qos)

    def _spin(self) -> None:
        with contextlib.suppress(Exception):
            while not self._stopping.is_set() and rclpy.ok():
                # not spin(): in rclpy 7.1 it starves the caller's thread of the GIL
                self.executor.spin_once(timeout_sec=0.1)

    def __enter__(self) -> RosClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self, hand_over: bool = False) -> None:
        """Stop. A lockstep client leaves the lockstep, so the world steps on without it.
        hand_over=True instead leaves the world waiting on the step this client owes, for the
        next client of the same name to acknowledge (it gets that step from /clock's history):
        consecutive tests then see one world that did not move in between, without the world
        running on alone while the next test starts or a lockstep timeout passing."""
        with self._gate:  # no acknowledgement from here on
            participant, self._participant = self._participant, None
            held, self._held, self._hold_when = self._held, None, None
        if participant is not None and not hand_over:
            if held is not None:
                participant.ack(held)  # never leave the simulated world held
            participant.leave()
        self._stopping.set()
        self._thread.join(timeout=2.0)
        self.executor.shutdown()
        self.node.destroy_node()
        if self._own_context:
            rclpy.try_shutdown()

    def now_s(self) -> float:
        return self.node.get_clock().now().nanoseconds * 1e-9

    # ---- sim time ----
    def sim_now(self) -> float:
        """The newest /clock seen (-1 before the first)."""
        return self._sim_now_s

    def _on_clock(self, msg) -> None:
        with self._gate:
            self._sim_now_s = msg.clock.sec + msg.clock.nanosec * 1e-9
            self._gate.notify_all()
            if self._participant is None:
                return
            if self._pace is not None or (self._hold_when is not None and self._hold_when()):
                self._held, self._hold_when = msg.clock, None
                return  # not acknowledged: the simulator waits until release() (or the pacer)
            self._participant.ack(msg.clock)

    def _release(self) -> None:
        with self._gate:
            held, self._held, self._hold_when = self._held, None, None
            participant = self._participant
        if held is not None and participant is not None:
            participant.ack(held)

    def wait_sim(self, cond: Callable[[], Any], sim_timeout_s: float, what: str) -> Any:
        """Wait until cond() is truthy, for at most sim_timeout_s of SIM time (a loaded machine
        only makes the simulator slower, never the allowance smaller). Returns cond()'s value."""
        with self.frozen_when(cond, sim_timeout_s, what) as value:
            return value

    @contextlib.contextmanager
    def frozen_when(self, cond: Callable[[], Any], sim_timeout_s: float, what: str) -> Iterator:
        """Hold the simulated world at the first step where cond() is truthy and run the body
        there (lockstep clients; others just wait). Yields cond()'s value."""
        wall_s = sim_timeout_s * self.wall_per_sim_s + 30.0
        with self._gate:
            if self._pace is not None:
                raise RuntimeError("frozen_when() inside paced()")
            start = self._sim_now_s
            if start < 0:
                self._gate.wait_for(lambda: self._sim_now_s >= 0, 30.0)
                start = self._sim_now_s
            deadline = start + sim_timeout_s

            def due() -> bool:
                return bool(cond()) or self._sim_now_s > deadline

            if self._participant is not None:
                self._hold_when = due
                ok = self._gate.wait_for(lambda: self._held is not None, wall_s)
            else:
                ok = self._gate.wait_for(due, wall_s)
        try:
            if not ok:
                raise TimeoutError(f"timed out after {wall_s:.0f} s (wall) waiting for {what}")
            value = cond()
            if not value:
                raise TimeoutError(f"{what}: not within {sim_timeout_s:g} s of sim time")
            yield value
        finally:
            self._release()

    @contextlib.contextmanager
    def paced(self, real_time_factor: float = 2.0) -> Iterator[None]:
        """Run the body with the lockstep world going at most real_time_factor x real time
        (others: just run it). For waits on wall-time work (a node loading its model, DDS
        discovery): the world keeps moving (timers, status) without taking the CPU that work
        needs, and without running on for minutes of sim time meanwhile. Not with frozen_when."""
        if self._participant is None:
            yield
            return
        if real_time_factor <= 0:
            raise ValueError(f"real_time_factor must be > 0, got {real_time_factor}")
        with self._gate:
            if self._pace is not None or self._hold_when is not None or self._held is not None:
                raise RuntimeError("paced() inside paced() or frozen_when()")
            self._pace = 1.0 / real_time_factor
        pacer = threading.Thread(target=self._run_pacer, daemon=True)
        pacer.start()
        try:
            yield
        finally:
            with self._gate:
                self._pace = None
                self._gate.notify_all()
            pacer.join()
            self._release()

    def _run_pacer(self) -> None:
        """While paced: acknowledge each held step once its share of wall time has passed."""
        last_wall, last_sim = time.monotonic(), self._sim_now_s
        with self._gate:
            while self._pace is not None:
                if self._held is None:
                    self._gate.wait(0.1)
                    continue
                held = self._held
                sim_s = held.sec + held.nanosec * 1e-9
                wait = last_wall + max(0.0, sim_s - last_sim) * self._pace - time.monotonic()
                if wait > 0:
                    self._gate.wait(wait)  # woken early only to stop
                    continue
                self._held = None
                if self._participant is not None:
                    self._participant.ack(held)
                last_wall, last_sim = time.monotonic(), sim_s

    # ---- topics ----
    def subscribe(
        self,
        topic: str,
        msg_type: Any,
        callback: Callable | None = None,
        latched: bool = False,
        depth: int | None = None,
    ) -> None:
        """Keep the latest message of a topic (and call callback on each). latched: also get
        what a transient-local publisher sent before (its last `depth` messages)."""
        qos = QoSProfile(depth=depth or 10)
        if latched:
            qos = QoSProfile(depth=depth or 1, durability=DurabilityPolicy.TRANSIENT_LOCAL)

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
        """One client per action: a second client of the same action in one node can be handed
        the other's goal responses ("Ignoring unexpected goal response") and never see its own."""
        key = (action_type, name)
        if key not in self._action_clients:
            self._action_clients[key] = ActionClient(self.node, action_type, name)
        return self._action_clients[key]

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
        key = (srv_type, name)
        if key not in self._service_clients:  # one client per service, as for actions
            self._service_clients[key] = self.node.create_client(srv_type, name)
        client = self._service_clients[key]
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
