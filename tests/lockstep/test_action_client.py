"""The race-free action client: a reply taken while its request is still being sent is not lost."""

from __future__ import annotations

import threading

import pytest
import rclpy
from concierge_interfaces.action import Escort
from concierge_lockstep.action_client import ActionClient
from rclpy.action import ActionServer
from rclpy.executors import SingleThreadedExecutor


class _ContendedLock:
    """The client's lock, reporting when another thread starts waiting for it."""

    def __init__(self, lock) -> None:
        self._lock = lock
        self.contended = threading.Event()
        self.owner = None

    def __enter__(self):
        if self.owner is not None and self.owner != threading.get_ident():
            self.contended.set()
        self._lock.acquire()
        self.owner = threading.get_ident()
        return self

    def __exit__(self, *exc) -> None:
        self.owner = None
        self._lock.release()


class _SlowHandle:
    """The C client handle, pausing after a goal request until the reply is being taken."""

    def __init__(self, handle, lock: _ContendedLock) -> None:
        self._handle = handle
        self._lock = lock

    def send_goal_request(self, request):
        seq = self._handle.send_goal_request(request)
        # The executor thread now sees the reply and tries to take it, while this send is still
        # in flight; the plain rclpy client would take it here and drop it as "unexpected".
        assert self._lock.contended.wait(30.0), "the executor never tried to take the reply"
        return seq

    def __getattr__(self, name):
        return getattr(self._handle, name)


@pytest.fixture
def ros():
    context = rclpy.Context()
    rclpy.init(context=context)
    yield context
    rclpy.shutdown(context=context)


def test_a_reply_racing_its_request_still_completes_the_goal_future(ros):
    server_node = rclpy.create_node("escort_server", context=ros)
    client_node = rclpy.create_node("escort_client", context=ros)

    def execute(goal_handle):
        goal_handle.succeed()
        return Escort.Result(success=True)

    ActionServer(server_node, Escort, "escort", execute)
    client = ActionClient(client_node, Escort, "escort")
    lock = _ContendedLock(client._send_lock)
    client._send_lock = lock
    client._client_handle = _SlowHandle(client._client_handle, lock)

    stop = threading.Event()
    executors = []
    for node in (server_node, client_node):
        ex = SingleThreadedExecutor(context=ros)
        ex.add_node(node)
        executors.append(ex)
    threads = [
        threading.Thread(
            target=lambda ex=ex: [ex.spin_once(0.05) for _ in iter(stop.is_set, True)]
        )
        for ex in executors
    ]
    for t in threads:
        t.start()
    try:
        assert client.wait_for_server(timeout_sec=30.0)
        future = client.send_goal_async(Escort.Goal(place_id="passport_office"))
        done = threading.Event()
        future.add_done_callback(lambda _f: done.set())
        assert done.wait(30.0), "the goal response was lost"
        assert future.result().accepted
    finally:
        stop.set()
        for t in threads:
            t.join()
        for ex in executors:
            ex.shutdown()
