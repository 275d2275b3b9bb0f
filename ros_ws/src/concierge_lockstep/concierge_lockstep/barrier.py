"""The simulator's side of lockstep: which nodes must acknowledge a step before the next one.

Plain Python (no ROS), driven by sim_node: `begin_step` before a step's messages go out, `ack`
and `cmd_vel_received` as messages come in, `ready` to know whether the next step may be taken.

A node joins by acknowledging anything and is then waited for on every step. A node that stays
silent for `timeout_s` of wall time (killed, hung) is dropped with a warning, so a dead node
slows the run by one timeout, once; it rejoins with its next acknowledgement.

Acknowledgements and /cmd_vel travel on different topics, and DDS does not order topics against
each other: an acknowledgement that says "I sent one /cmd_vel" makes the barrier also wait for
that /cmd_vel to have arrived, so the next step always uses the command computed for this one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class _Member:
    acked_ns: int = -1  # newest step stamp acknowledged
    cmd_vel_sent: int = 0  # /cmd_vel messages it sent while handling the current step
    answer_s: list[float] = field(default_factory=list)  # wall s from step to answer (stats)


def qualified(name: str) -> str:
    """Node names compare fully qualified: 'navigator' and '/navigator' are the same node."""
    name = name.strip()
    return name if name.startswith("/") else f"/{name}"


class StepBarrier:
    def __init__(
        self,
        expected: Iterable[str] = (),
        timeout_s: float = 5.0,
        clock: Callable[[], float] | None = None,
    ):
        import time

        if timeout_s <= 0:
            raise ValueError(f"lockstep timeout must be > 0 s, got {timeout_s}")
        self.expected = {qualified(n) for n in expected if n.strip()}
        self.timeout_s = timeout_s
        self._clock = clock or time.monotonic
        self.members: dict[str, _Member] = {}
        self.step_ns = -1
        self.cmd_vel_received = 0
        self._step_started = self._clock()

    # ---- events ----
    def begin_step(self, stamp_ns: int) -> None:
        """A new step is about to be published: everyone owes an acknowledgement for it."""
        if stamp_ns != self.step_ns:
            for m in self.members.values():
                m.cmd_vel_sent = 0
        self.step_ns = stamp_ns
        self.cmd_vel_received = 0
        self._step_started = self._clock()

    def ack(self, node: str, stamp_ns: int, cmd_vel_sent: int = 0, leaving: bool = False) -> bool:
        """Record an acknowledgement; True when this node just joined."""
        node = qualified(node)
        if leaving:
            self.members.pop(node, None)
            return False
        joined = node not in self.members
        m = self.members.setdefault(node, _Member())
        if stamp_ns == self.step_ns:
            m.cmd_vel_sent = max(m.cmd_vel_sent, int(cmd_vel_sent))
            if m.acked_ns < stamp_ns:
                m.answer_s.append(self._clock() - self._step_started)
        m.acked_ns = max(m.acked_ns, stamp_ns)
        return joined

    def cmd_vel_arrived(self) -> None:
        self.cmd_vel_received += 1

    # ---- questions ----
    def missing_joiners(self) -> list[str]:
        """Expected nodes that have not acknowledged anything yet."""
        return sorted(self.expected - set(self.members))

    def pending(self) -> list[str]:
        """Joined nodes that still owe the current step."""
        return sorted(n for n, m in self.members.items() if m.acked_ns < self.step_ns)

    def ready(self) -> bool:
        if self.pending():
            return False
        owed = sum(m.cmd_vel_sent for m in self.members.values())
        return self.cmd_vel_received >= owed

    def overdue(self) -> bool:
        return self._clock() - self._step_started > self.timeout_s

    def drop_overdue(self) -> list[str]:
        """After timeout_s without the step being ready: drop the silent nodes, forgive missing
        /cmd_vel. Returns the dropped nodes' names."""
        if not self.overdue():
            return []
        dropped = self.pending()
        for name in dropped:
            del self.members[name]
        for m in self.members.values():
            m.cmd_vel_sent = 0
        return dropped

    def answer_stats(self) -> dict[str, dict[str, float]]:
        """Per node: how long it took to answer a step (ms: mean, p95, max), since last call."""
        out = {}
        for name, m in sorted(self.members.items()):
            if m.answer_s:
                ms = sorted(s * 1000 for s in m.answer_s)
                out[name] = {
                    "mean": round(sum(ms) / len(ms), 1),
                    "p95": round(ms[int(0.95 * (len(ms) - 1))], 1),
                    "max": round(ms[-1], 1),
                }
            m.answer_s.clear()
        return out
