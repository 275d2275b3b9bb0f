"""A node's side of lockstep: acknowledge each simulator step once it has been handled.

    lockstep = Participant(node)
    ...  # in the callback that handles the step stamped `stamp` (an /odom or /clock message):
    lockstep.ack(stamp, cmd_vel_sent=1)

The simulator (sim_node with lockstep:=true) does not take its next step until every joined
participant has acknowledged the current one. See concierge_lockstep.barrier.
"""

from __future__ import annotations

import contextlib

from builtin_interfaces.msg import Time
from concierge_interfaces.msg import StepAck
from rclpy.duration import Duration
from rclpy.node import Node
from rclpy.qos import QoSDurabilityPolicy, QoSProfile, QoSReliabilityPolicy

ACK_TOPIC = "/sim/step_ack"
ACK_QOS = QoSProfile(depth=50, reliability=QoSReliabilityPolicy.RELIABLE)
# The simulator's /clock keeps its newest steps for late joiners: a participant that starts
# while the world waits for a step it owes (the next test's client taking over from the last
# one, see RosClient.close) still gets that step and can acknowledge it. Volatile subscribers
# (every node's sim-time clock) are served as before.
CLOCK_QOS = QoSProfile(
    depth=10,
    reliability=QoSReliabilityPolicy.RELIABLE,
    durability=QoSDurabilityPolicy.TRANSIENT_LOCAL,
)


def stamp_ns(stamp: Time) -> int:
    return int(stamp.sec) * 1_000_000_000 + int(stamp.nanosec)


class Participant:
    def __init__(self, node: Node):
        self.node_name = node.get_fully_qualified_name()
        self._pub = node.create_publisher(StepAck, ACK_TOPIC, ACK_QOS)
        self.last_ns = -1

    def ack(self, stamp: Time, cmd_vel_sent: int = 0) -> None:
        self.last_ns = max(self.last_ns, stamp_ns(stamp))
        self._pub.publish(StepAck(node=self.node_name, stamp=stamp, cmd_vel_sent=cmd_vel_sent))

    def leave(self, delivered_within_s: float = 1.0) -> None:
        """Shutting down: tell the simulator not to wait for us (best effort). Waits (at most
        delivered_within_s) for the simulator to have the message: a writer destroyed right
        after publishing can drop it, and the simulator would then stall a lockstep timeout."""
        self._pub.publish(StepAck(node=self.node_name, leaving=True))
        with contextlib.suppress(Exception):  # the context may already be shutting down
            self._pub.wait_for_all_acked(Duration(seconds=delivered_within_s))
