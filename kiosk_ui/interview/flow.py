"""The interview's rules as a plain state machine: phases, countdowns, retakes, resume point."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from concierge_content.interview import QuestionSet


class Phase(StrEnum):
    CONSENT = "consent"
    DEVICE_CHECK = "device_check"
    THINK = "think"  # question shown and read aloud, countdown to recording
    RECORDING = "recording"
    SAVING = "saving"  # recording stopped, files being finished and listed
    ANSWERED = "answered"  # retake or next
    DONE = "done"


class FlowError(RuntimeError):
    """An action that the current phase does not allow (a UI bug, not a user error)."""


@dataclass
class InterviewFlow:
    qset: QuestionSet
    time_scale: float = 1.0  # < 1 only in tests, to shorten think and answer times
    index: int = 0
    takes: dict[int, int] = field(default_factory=dict)  # question index -> takes recorded
    phase: Phase = Phase.CONSENT
    deadline: float | None = None  # end of think time or of answer time (monotonic s)
    phase_started: float = 0.0

    # -- queries ------------------------------------------------------------------------------
    @property
    def question_count(self) -> int:
        return len(self.qset.questions)

    @property
    def is_last_question(self) -> bool:
        return self.index >= self.question_count - 1

    def question_text(self, lang: str) -> str:
        return self.qset.questions[self.index].text(lang)

    def retakes_left(self) -> int:
        used = self.takes.get(self.index, 0)
        return max(0, self.qset.retakes - max(0, used - 1))

    def remaining_s(self, now: float) -> float:
        return 0.0 if self.deadline is None else max(0.0, self.deadline - now)

    def elapsed_s(self, now: float) -> float:
        return max(0.0, now - self.phase_started)

    def answer_limit_s(self) -> float:
        return self.qset.answer_time(self.index) * self.time_scale

    # -- transitions --------------------------------------------------------------------------
    def _need(self, *phases: Phase) -> None:
        if self.phase not in phases:
            allowed = ", ".join(p.value for p in phases)
            raise FlowError(f"not allowed in phase {self.phase.value} (needs {allowed})")

    def _enter(self, phase: Phase, now: float, duration_s: float | None = None) -> None:
        self.phase = phase
        self.phase_started = now
        self.deadline = None if duration_s is None else now + duration_s

    def consent_given(self, now: float) -> None:
        self._need(Phase.CONSENT)
        self._enter(Phase.DEVICE_CHECK, now)

    def resume_at(self, answered: dict[int, int], now: float) -> None:
        """Continue an interrupted interview at its first unanswered question (after the check)."""
        self.takes = dict(answered)
        self.index = next(
            (i for i in range(self.question_count) if i not in answered), self.question_count
        )
        self._enter(Phase.DEVICE_CHECK, now)

    def devices_ready(self, now: float) -> None:
        self._need(Phase.DEVICE_CHECK)
        if self.index >= self.question_count:
            self._enter(Phase.DONE, now)
        else:
            self._think(now)

    def _think(self, now: float) -> None:
        self._enter(Phase.THINK, now, self.qset.think_time(self.index) * self.time_scale)

    def start_answer(self, now: float) -> None:
        """Think time over (or the person pressed 'answer now'): recording starts."""
        self._need(Phase.THINK)
        self.takes[self.index] = self.takes.get(self.index, 0) + 1
        self._enter(Phase.RECORDING, now, self.answer_limit_s())

    def stop_answer(self, now: float) -> None:
        self._need(Phase.RECORDING)
        self._enter(Phase.SAVING, now)

    def saved(self, now: float) -> None:
        self._need(Phase.SAVING)
        self._enter(Phase.ANSWERED, now)

    def save_failed(self, now: float) -> None:
        """The take was lost (device or disk error): it does not count, think again."""
        self._need(Phase.SAVING, Phase.RECORDING)
        self.takes[self.index] = max(0, self.takes.get(self.index, 0) - 1)
        if self.takes[self.index] == 0:
            del self.takes[self.index]
        self._think(now)

    def devices_lost(self, now: float) -> None:
        """Camera or microphone stopped: back to the check, then this same question again."""
        self._need(Phase.THINK, Phase.RECORDING, Phase.ANSWERED)
        if self.phase is Phase.RECORDING:  # that take is lost: it does not count
            self.save_failed(now)
        self._enter(Phase.DEVICE_CHECK, now)

    def retake(self, now: float) -> None:
        self._need(Phase.ANSWERED)
        if self.retakes_left() <= 0:
            raise FlowError("no retakes left for this question")
        self._think(now)

    def next_question(self, now: float) -> None:
        self._need(Phase.ANSWERED)
        if self.is_last_question:
            self._enter(Phase.DONE, now)
        else:
            self.index += 1
            self._think(now)

    def tick(self, now: float) -> str | None:
        """What the clock demands now: 'start_recording', 'stop_recording' or None."""
        if self.deadline is None or now < self.deadline:
            return None
        if self.phase is Phase.THINK:
            return "start_recording"
        if self.phase is Phase.RECORDING:
            return "stop_recording"
        return None
