"""How our long-running nodes spin: topics on one events executor (in arrival order), action
goals on a thread pool beside it, and a shutdown that joins every thread before the
interpreter exits.

A thread still inside rclpy's C++ code when the interpreter finalises is unwound by
pthread_exit through frames that must not throw: the process aborts ("terminate called
without an active exception", exit -6) instead of exiting 0 on Ctrl-C or the launcher's
SIGINT. So the goals thread is joined, not left to die as a daemon.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

import rclpy
from rclpy.executors import ExternalShutdownException, MultiThreadedExecutor
from rclpy.experimental import EventsExecutor
from rclpy.node import Node


def spin_with_goal_pool(
    node: Node,
    goals_node: Node,
    before_shutdown: Callable[[], None] | None = None,
    goal_threads: int = 4,
) -> None:
    """Spin until Ctrl-C / SIGINT / SIGTERM or rclpy shutdown, then stop cleanly: call
    before_shutdown (while DDS still works, if it does), stop and join both executors,
    destroy both nodes and shut rclpy down."""
    executor = EventsExecutor()
    executor.add_node(node)
    goals = MultiThreadedExecutor(num_threads=goal_threads)
    goals.add_node(goals_node)
    goals_thread = threading.Thread(target=_spin_quietly, args=(goals,), name="goals", daemon=True)
    goals_thread.start()
    try:
        spin_until_shutdown(executor)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    finally:
        with contextlib.suppress(KeyboardInterrupt):
            if before_shutdown is not None:
                before_shutdown()
            goals.shutdown(timeout_sec=1.0)
            goals_thread.join(timeout=3.0)
            executor.shutdown()
            goals_node.destroy_node()
            node.destroy_node()
            rclpy.try_shutdown()


def spin_until_shutdown(executor) -> None:
    """An events executor's spin until rclpy shuts down: spin_once in a loop, not spin(),
    which in rclpy 7.1 starves the process's other threads of the GIL."""
    while rclpy.ok():
        executor.spin_once(timeout_sec=0.5)


def _spin_quietly(executor) -> None:
    with contextlib.suppress(KeyboardInterrupt, ExternalShutdownException):
        executor.spin()
