"""A fleet robot's staff page reaches the console, and the answer goes back to that robot
(RobotBridge with robots=[...] against a real namespaced node over DDS)."""

from __future__ import annotations

import json
import threading
import time

import pytest

pytestmark = pytest.mark.gui


class PagingRobot:
    """A fleet robot's mission manager for paging: <ns>/staff/pages, <ns>/staff_pager/ack."""

    def __init__(self, namespace: str) -> None:
        import rclpy
        from concierge_interfaces.srv import PageAck
        from rclpy.executors import SingleThreadedExecutor
        from rclpy.qos import DurabilityPolicy, QoSProfile
        from rclpy.signals import SignalHandlerOptions
        from std_msgs.msg import String

        self.acks: list[tuple[str, str, bool]] = []
        self.context = rclpy.Context()
        rclpy.init(context=self.context, signal_handler_options=SignalHandlerOptions.NO)
        self.node = rclpy.create_node("mission_manager", namespace=namespace, context=self.context)
        latched = QoSProfile(depth=20, durability=DurabilityPolicy.TRANSIENT_LOCAL)
        self.pages = self.node.create_publisher(String, "staff/pages", latched)
        self.node.create_service(PageAck, "staff_pager/ack", self._ack)
        self._String = String
        self.executor = SingleThreadedExecutor(context=self.context)
        self.executor.add_node(self.node)
        self.thread = threading.Thread(target=self.executor.spin, daemon=True)
        self.thread.start()

    def _ack(self, request, response):
        self.acks.append((request.page_id, request.staff_id, request.accept))
        response.success, response.message = True, "recorded"
        return response

    def page(self, page_id: str) -> None:
        self.pages.publish(self._String(data=json.dumps({"page_id": page_id, "level": 1})))

    def close(self) -> None:
        self.executor.shutdown(timeout_sec=1.0)
        self.thread.join(timeout=3.0)
        self.node.destroy_node()
        self.context.try_shutdown()


def _wait(cond, timeout_s: float = 15.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise TimeoutError("condition not met")


def test_a_fleet_robots_page_is_answered_on_that_robots_service(qapp):
    from PyQt6.QtCore import Qt

    from kiosk_ui.rosbridge import RobotBridge

    robot = PagingRobot("robot2")
    bridge = RobotBridge(None, node_name="fleet_pages_console", robots=["robot1", "robot2"])
    pages, replies = [], []
    direct = Qt.ConnectionType.DirectConnection  # no event loop needed
    bridge.page_received.connect(pages.append, direct)
    bridge.ack_reply.connect(lambda *a: replies.append(a), direct)
    bridge.start()
    try:
        assert bridge.wait_ready(15)
        robot.page("pg-r2")
        _wait(lambda: any("pg-r2" in p for p in pages))
        bridge.ack_page("pg-r2", "lee_mija", True)
        _wait(lambda: replies)
        assert replies == [("pg-r2", True, "recorded")]
        assert robot.acks == [("pg-r2", "lee_mija", True)]
    finally:
        bridge.stop()
        robot.close()
