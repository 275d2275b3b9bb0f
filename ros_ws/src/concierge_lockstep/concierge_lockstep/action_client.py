"""An rclpy ActionClient whose replies cannot overtake their own requests.

rclpy 7.1 (jazzy) sends a goal/cancel/result request and only afterwards records its sequence
number as pending. When another thread spins the executor, a fast server's reply can be taken in
between; rclpy then logs "Ignoring unexpected goal response" and the future never completes. The
service Client guards the same window with a lock; this does the same for actions, so a whole-stack
run never hangs on a lost acceptance (seen on a loaded CI machine).
"""

from __future__ import annotations

import threading

from rclpy.action import ActionClient as _RclpyActionClient


class ActionClient(_RclpyActionClient):
    """Drop-in rclpy ActionClient: sending and taking replies are mutually exclusive."""

    def __init__(self, *args, **kwargs) -> None:
        self._send_lock = threading.RLock()
        super().__init__(*args, **kwargs)

    def take_data(self):
        with self._send_lock:
            return super().take_data()

    def send_goal_async(self, *args, **kwargs):
        with self._send_lock:
            return super().send_goal_async(*args, **kwargs)

    def _cancel_goal_async(self, goal_handle):
        with self._send_lock:
            return super()._cancel_goal_async(goal_handle)

    def _get_result_async(self, goal_handle):
        with self._send_lock:
            return super()._get_result_async(goal_handle)
