"""The two clocks of a practice kiosk, without Qt: the real kiosk's time limit (warned before it
runs out, extendable: WCAG 2.2.1) and the people queueing behind the trainee (optional pressure).

Both read a time given to them (`now`, seconds on any monotonic clock), so tests drive them by
passing numbers, never by waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concierge_content.training import Pressure, TimeLimit


@dataclass
class Countdown:
    """No touch for `seconds` and the kiosk gives up; every touch starts the count again.

    `warn_s` before the end the trainee is asked whether they need more time; extending adds
    `extend_s` to what is left, as often as they like (WCAG asks for at least ten times).
    """

    spec: TimeLimit
    deadline: float = 0.0
    warned: bool = False
    extensions: int = 0

    @classmethod
    def start(cls, spec: TimeLimit, now: float) -> Countdown:
        c = cls(spec)
        c.touch(now)
        return c

    def touch(self, now: float) -> None:
        self.deadline = now + self.spec.seconds
        self.warned = False

    def extend(self, now: float) -> None:
        self.deadline = max(self.deadline, now) + self.spec.extend_s
        self.warned = False
        self.extensions += 1

    def left_s(self, now: float) -> float:
        return max(0.0, self.deadline - now)

    def tick(self, now: float) -> str | None:
        """'warn' once when the warning time is reached, 'expired' at the end, else None."""
        left = self.deadline - now
        if left <= 0:
            return "expired"
        if left <= self.spec.warn_s and not self.warned:
            self.warned = True
            return "warn"
        return None

    def warning(self, now: float) -> bool:
        return self.warned and self.left_s(now) > 0


@dataclass
class WaitingQueue:
    """One more person joins the queue behind the trainee every `every_s`, up to `max_people`."""

    spec: Pressure
    since: float
    people: int = 0

    def tick(self, now: float) -> bool:
        """True when the number of people waiting changed."""
        n = min(self.spec.max_people, max(0, int((now - self.since) // self.spec.every_s)))
        changed = n != self.people
        self.people = n
        return changed

    @property
    def level(self) -> int:
        """0 nobody, 1 a few, 2 getting impatient, 3 the queue is as long as it gets."""
        if self.people == 0:
            return 0
        if self.people >= self.spec.max_people:
            return 3
        return 1 if self.people < 3 else 2
