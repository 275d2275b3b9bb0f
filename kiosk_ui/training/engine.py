"""One practice run of one task on one practice kiosk: steps, mistakes, hints, undo, stars.

Rules (the same for every kiosk, because kiosks are data):
- The simulated kiosk forgives: a wrong press is counted and explained, and the screen stays, so
  a trainee never gets lost. Guided mode explains and speaks; practice explains; quiz only says
  "not this one" and counts.
- Digits typed on a keypad screen are not presses; the step's button checks them.
- Undo goes back one step; "start again" goes back to the first screen and keeps the counts
  (mistakes made are still mistakes); a timeout starts again and is counted.
- A replica has the real kiosk's time limit: any touch starts it again, a warning comes before
  it runs out, the trainee may extend it as often as needed (WCAG 2.2.1).
- Stars (practice and quiz): 3 = no mistakes, no hints, within the task's target time;
  2 = at most 2 mistakes within twice the target; 1 = finished. Guided practice gives 1 star.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models load with the curriculum, off the start-up path
    from concierge_content.training import Kiosk, Screen, Step, Task, Text
    from concierge_content.training_machine import Control

import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from concierge_content.training_machine import KioskMachine

from kiosk_ui.training.timers import Countdown, WaitingQueue


class Style(StrEnum):
    GUIDED = "guided"
    PRACTICE = "practice"
    QUIZ = "quiz"


@dataclass(frozen=True)
class Feedback:
    """What the trainee should be told after an action (text, or an i18n key + values)."""

    kind: str  # correct | finished | wrong | wrong_input | typed | hint | undo | restart | timeout
    text: Text | None = None
    key: str | None = None
    fmt: dict[str, str] = field(default_factory=dict)

    @property
    def is_mistake(self) -> bool:
        return self.kind in ("wrong", "wrong_input")


@dataclass
class AttemptResult:
    id: str
    kiosk: str
    task: str
    style: str
    started_at: float  # wall clock (epoch s)
    ended_at: float
    completed: bool
    errors: int
    hints: int
    timeouts: int
    elapsed_s: float
    stars: int
    mistakes: dict[tuple[int, str], int]  # (step index, pressed button or "input") -> count


class PracticeSession:
    """A trainee's run through one task on a practice kiosk.

    The kiosk itself (what a press does to the order, busy screens) is a KioskMachine; this
    class adds the training rules: which press is expected, mistakes, hints, undo, the time
    limit with its warning and extensions, the queue behind the trainee, and stars.
    """

    def __init__(
        self,
        kiosk: Kiosk,
        task: Task,
        style: Style,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        pressure: bool = False,
    ):
        self.kiosk = kiosk
        self.task = task
        self.style = Style(style)
        self._clock = clock
        self.id = str(uuid.uuid4())
        self.started_wall = wall_clock()
        self._wall_clock = wall_clock
        self._t0 = self._last_tick = clock()
        self._t_end: float | None = None
        self.machine = KioskMachine(kiosk)
        self.step_index = 0
        self.typed = ""
        self.errors = 0
        self.hints = 0
        self.timeouts = 0
        self.mistakes: Counter[tuple[int, str]] = Counter()
        self.ended_wall: float | None = None
        spec = kiosk.time_limit
        self.countdown = Countdown.start(spec, self._t0) if spec is not None else None
        self.queue = WaitingQueue(kiosk.pressure, self._t0) if pressure else None

    # ---- where we are ------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.step_index >= len(self.task.steps)

    @property
    def step(self) -> Step | None:
        return None if self.finished else self.task.steps[self.step_index]

    @property
    def screen_id(self) -> str:
        return self.machine.screen_id

    @property
    def screen(self) -> Screen:
        return self.machine.screen

    @property
    def waiting(self) -> bool:
        """The kiosk is busy (reading a card, printing); it moves on by itself."""
        return self.machine.waiting

    def controls(self) -> dict[str, Control]:
        return self.machine.controls()

    @property
    def total_steps(self) -> int:
        return len(self.task.steps)

    def expected_button(self) -> str | None:
        return None if self.finished or self.waiting else self.step.press

    def highlight_button(self) -> str | None:
        """The control to highlight: only in guided mode."""
        return self.expected_button() if self.style is Style.GUIDED else None

    @property
    def elapsed_s(self) -> float:
        end = self._t_end if self._t_end is not None else self._clock()
        return end - self._t0

    def time_left_s(self) -> float | None:
        """Seconds until the kiosk gives up (None: no limit, or nothing to do now)."""
        if self.countdown is None or self.finished or self.waiting:
            return None
        return self.countdown.left_s(self._clock())

    def time_warning(self) -> bool:
        left = self.time_left_s()
        return left is not None and self.countdown.warning(self._clock())

    # ---- actions -----------------------------------------------------------------------
    def press(self, button_id: str) -> Feedback:
        if self.finished:
            return Feedback("finished", key="training.already_done")
        control = self.controls().get(button_id)
        if control is None:
            raise ValueError(f"no control {button_id!r} on screen {self.screen_id!r}")
        self._touch()
        step = self.step
        if button_id != step.press and control.selected:
            # the open tab or the answer already chosen: nothing changes, nothing is wrong
            return Feedback("noop", key="training.already_chosen", fmt=_label_fmt(control))
        if button_id != step.press:
            return self._mistake(button_id, self._why_wrong(step, control))
        if step.input is not None and self.typed != step.input:
            why = step.input_wrong if self.style is not Style.QUIZ else None
            return self._mistake("input", why, kind="wrong_input")
        self.machine.press(button_id, self.typed)
        self.step_index += 1
        self.typed = ""
        if self.finished:
            self._t_end = self._clock()
            self.ended_wall = self._wall_clock()
            return Feedback("finished", text=step.explain, key="training.finished")
        return Feedback("correct", text=step.explain, key="training.correct")

    def _why_wrong(self, step: Step, control: Control) -> Text | None:
        if self.style is Style.QUIZ:
            return None
        return step.wrong.get(control.id) or control.why

    def _mistake(self, pressed: str, why: Text | None, kind: str = "wrong") -> Feedback:
        self.errors += 1
        self.mistakes[(self.step_index, pressed)] += 1
        if why is not None:
            return Feedback(kind, text=why)
        if self.style is Style.QUIZ:
            return Feedback(kind, key="training.quiz_wrong", fmt={"errors": str(self.errors)})
        expected = self.controls()[self.step.press]
        key = "training.wrong_input_generic" if kind == "wrong_input" else "training.wrong_generic"
        return Feedback(kind, key=key, fmt=_label_fmt(expected))

    def type_digit(self, digit: str) -> Feedback:
        if not (len(digit) == 1 and digit.isdigit()):
            raise ValueError(f"not a digit: {digit!r}")
        spec = self.screen.input
        if spec is None or self.finished or self.waiting:
            raise ValueError("this screen has no keypad")
        self._touch()
        if len(self.typed) < spec.max_digits:
            self.typed += digit
        return Feedback("typed")

    def delete_digit(self) -> Feedback:
        self._touch()
        self.typed = self.typed[:-1]
        return Feedback("typed")

    def hint(self, asked: bool = True) -> Feedback:
        """The next step's instruction. A hint the trainee asked for costs the third star; the
        automatic one after a pause (practice mode) does not."""
        if self.finished:
            return Feedback("hint", key="training.already_done")
        if asked:
            self.hints += 1
            self._touch()
        return Feedback("hint", text=self.step.hint_text())

    def undo(self) -> Feedback:
        self._touch()
        if self.typed:
            self.typed = ""
            return Feedback("undo", key="training.undo_done")
        if self.step_index == 0:
            return Feedback("undo", key="training.undo_nothing")
        self._t_end = None
        self.ended_wall = None
        self.step_index -= 1
        self._replay()
        return Feedback("undo", key="training.undo_done")

    def _replay(self) -> None:
        """The kiosk as it was after the steps done so far (the kiosk keeps no history)."""
        self.machine.reset()
        for step in self.task.steps[: self.step_index]:
            self.machine.skip_waiting()
            self.machine.press(step.press, step.input or "")
        self.machine.skip_waiting()

    def restart(self) -> Feedback:
        self.step_index = 0
        self.typed = ""
        self._t_end = None
        self.ended_wall = None
        self.machine.reset()
        self._touch()
        return Feedback("restart", key="training.restarted")

    def timeout(self) -> Feedback:
        """Nobody touched the kiosk: like a real one, it goes back to its first screen."""
        self.timeouts += 1
        self.restart()
        return Feedback("timeout", key="training.timed_out")

    def extend_time(self) -> Feedback:
        """The trainee asked for more time (the real kiosk's "extend" button)."""
        if self.countdown is not None:
            self.countdown.extend(self._clock())
        return Feedback("extended", key="training.time_extended")

    def _touch(self) -> None:
        if self.countdown is not None:
            self.countdown.touch(self._clock())

    # ---- time passing ------------------------------------------------------------------
    def tick(self) -> list[str]:
        """Let time pass up to the clock's now. Returns what happened, in order:
        'moved' (a busy screen moved on), 'warn' (time is running out), 'timeout' (it ran
        out: the kiosk started again), 'queue' (the number of people waiting changed)."""
        now = self._clock()
        dt, self._last_tick = now - self._last_tick, now
        events = []
        if self.machine.tick(dt):
            events.append("moved")
        if self.countdown is not None:
            if self.finished or self.waiting or events:
                # the limit counts only while the kiosk waits for you, from its new screen on
                self.countdown.touch(now)
            else:
                what = self.countdown.tick(now)
                if what == "expired":
                    self.timeout()
                    events.append("timeout")
                elif what == "warn":
                    events.append("warn")
        if self.queue is not None and not self.finished and self.queue.tick(now):
            events.append("queue")
        return events

    # ---- scoring -----------------------------------------------------------------------
    def stars(self) -> int:
        if not self.finished:
            return 0
        if self.style is Style.GUIDED:
            return 1
        target = self.task.target_s
        if self.errors == 0 and self.hints == 0 and self.elapsed_s <= target:
            return 3
        if self.errors <= 2 and self.elapsed_s <= 2 * target:
            return 2
        return 1

    def result(self) -> AttemptResult:
        return AttemptResult(
            id=self.id,
            kiosk=self.kiosk.id,
            task=self.task.id,
            style=self.style.value,
            started_at=self.started_wall,
            ended_at=self.ended_wall or self._wall_clock(),
            completed=self.finished,
            errors=self.errors,
            hints=self.hints,
            timeouts=self.timeouts,
            elapsed_s=round(self.elapsed_s, 2),
            stars=self.stars(),
            mistakes=dict(self.mistakes),
        )


def _label_fmt(control: Control) -> dict[str, str]:
    """A control's name for messages; a - or + says which line or counter it is beside."""
    ko, en = control.label.ko, control.label.en
    if control.target is not None:
        ko, en = f"{control.target.ko} {ko}", f"{control.target.en} {en}"
    return {"label_ko": ko, "label_en": en}


def feedback_text(fb: Feedback, strings, lang: str) -> str:
    """The words for a Feedback in `lang` (strings: concierge_content.i18n.Strings)."""
    own = fb.text.get(lang) if fb.text is not None else ""
    if fb.key is None:
        return own
    fmt = {k: v for k, v in fb.fmt.items() if not k.startswith("label_")}
    if f"label_{lang}" in fb.fmt:
        fmt["label"] = fb.fmt[f"label_{lang}"]
    generic = strings.t(fb.key, lang, **fmt)
    return f"{generic} {own}".strip()
