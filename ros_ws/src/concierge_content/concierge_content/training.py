"""Digital-literacy practice kiosks (content/training): screens, buttons, tasks and their steps.

An instructor adds a kiosk by writing one YAML file; this module refuses a broken one with
file:line (a button to an unknown screen, a step whose button is not on its screen, a path that
never ends, a missing ko/en string).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.textmodels import Strict as _Strict
from concierge_content.textmodels import Text
from concierge_content.yamlio import YamlDoc, load_yaml

LEVELS = ("basic", "daily", "advanced", "special")
CURRICULUM_FILE = "curriculum.yaml"
_ID = r"^[a-z0-9][a-z0-9_]*$"


class Button(_Strict):
    id: str = Field(pattern=_ID)
    label: Text
    next: str | None = None  # the screen this button opens on the real kiosk
    style: Literal["normal", "primary", "back"] = "normal"
    why: Text | None = None  # what this button does, said when it is pressed at the wrong time


class DigitInput(_Strict):
    """A keypad screen (PIN, account number, amount): the trainee types digits, then a button."""

    prompt: Text
    max_digits: int = Field(default=16, ge=1, le=20)
    masked: bool = False  # PINs show dots


class Screen(_Strict):
    title: Text
    text: Text | None = None
    buttons: list[Button] = Field(default_factory=list)
    input: DigitInput | None = None
    columns: int = Field(default=2, ge=1, le=4)
    end: bool = False  # the task is done when the trainee arrives here

    def button(self, button_id: str) -> Button | None:
        return next((b for b in self.buttons if b.id == button_id), None)


class Step(_Strict):
    screen: str
    press: str  # the expected button on that screen
    say: Text  # the instruction (guided mode shows and speaks it)
    hint: Text | None = None  # practice/quiz hint; defaults to `say`
    input: str | None = Field(default=None, pattern=r"^[0-9]+$")  # digits expected before press
    input_wrong: Text | None = None  # explanation when the typed digits are wrong
    wrong: dict[str, Text] = Field(default_factory=dict)  # button id -> why it is wrong here
    explain: Text | None = None  # said after the step is done right (what just happened)

    def hint_text(self) -> Text:
        return self.hint or self.say


class Task(_Strict):
    id: str = Field(pattern=_ID)
    title: Text
    card: Text  # the quiz task card: what to do, without saying how
    target_s: float = Field(default=120, gt=0, le=3600)  # quiz time for the third star
    steps: list[Step] = Field(min_length=1)


class Kiosk(_Strict):
    id: str = Field(pattern=_ID)
    level: Literal["basic", "daily", "advanced", "special"]
    order: int = 0
    title: Text
    summary: Text
    start: str
    screens: dict[str, Screen] = Field(min_length=2)
    tasks: list[Task] = Field(min_length=1)

    def task(self, task_id: str) -> Task:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise KeyError(f"kiosk {self.id!r} has no task {task_id!r}")


class Level(_Strict):
    id: Literal["basic", "daily", "advanced", "special"]
    title: Text
    summary: Text


class CurriculumFile(_Strict):
    title: Text
    levels: list[Level] = Field(min_length=4, max_length=4)


@dataclass
class Curriculum:
    title: Text
    levels: list[Level]
    kiosks: dict[str, Kiosk] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    def kiosks_of(self, level: str) -> list[Kiosk]:
        return sorted(
            (k for k in self.kiosks.values() if k.level == level), key=lambda k: (k.order, k.id)
        )


def _check_kiosk(doc: YamlDoc, kiosk: Kiosk) -> list[ContentError]:
    """Graph and step checks pydantic cannot express; every error points at its line."""
    errors: list[ContentError] = []
    screens = kiosk.screens
    if kiosk.id != doc.path.stem:
        errors.append(doc.error(("id",), f"id {kiosk.id!r} must match the file name"))
    if kiosk.start not in screens:
        errors.append(doc.error(("start",), f"start screen {kiosk.start!r} is not in screens"))
    for sid, screen in screens.items():
        seen: set[str] = set()
        for i, b in enumerate(screen.buttons):
            loc = ("screens", sid, "buttons", i)
            if b.id in seen:
                errors.append(doc.error((*loc, "id"), f"button id {b.id!r} used twice on {sid}"))
            seen.add(b.id)
            if b.next is not None and b.next not in screens:
                errors.append(
                    doc.error(
                        (*loc, "next"), f"button {b.id!r} leads to unknown screen {b.next!r}"
                    )
                )
        if not screen.end and not screen.buttons:
            errors.append(doc.error(("screens", sid), f"screen {sid!r} has no buttons and no end"))
    if errors:
        return errors
    # every screen reachable from the start, and an end reachable from the start
    reached = {kiosk.start}
    todo = deque([kiosk.start])
    while todo:
        for b in screens[todo.popleft()].buttons:
            if b.next and b.next not in reached:
                reached.add(b.next)
                todo.append(b.next)
    if not any(screens[s].end for s in reached):
        errors.append(doc.error(("start",), "no end screen can be reached from the start"))
    for sid in screens:
        if sid not in reached:
            errors.append(doc.error(("screens", sid), f"screen {sid!r} cannot be reached"))
    for ti, task in enumerate(kiosk.tasks):
        errors += _check_steps(doc, kiosk, ti, task)
    ids = [t.id for t in kiosk.tasks]
    for ti, tid in enumerate(ids):
        if ids.index(tid) != ti:
            errors.append(doc.error(("tasks", ti, "id"), f"task id {tid!r} used twice"))
    return errors


def _check_steps(doc: YamlDoc, kiosk: Kiosk, ti: int, task: Task) -> list[ContentError]:
    errors: list[ContentError] = []
    screens = kiosk.screens
    expected_screen = kiosk.start
    for si, step in enumerate(task.steps):
        loc = ("tasks", ti, "steps", si)
        if step.screen != expected_screen:
            errors.append(
                doc.error(
                    (*loc, "screen"),
                    f"step {si + 1} is on {step.screen!r} but the path so far is on "
                    f"{expected_screen!r}",
                )
            )
            return errors
        screen = screens[step.screen]
        button = screen.button(step.press)
        if button is None:
            errors.append(
                doc.error(
                    (*loc, "press"), f"button {step.press!r} is not on screen {step.screen!r}"
                )
            )
            return errors
        for wid in step.wrong:
            if screen.button(wid) is None:
                errors.append(doc.error((*loc, "wrong", wid), f"no button {wid!r} on this screen"))
        if (step.input is None) != (screen.input is None):
            what = "needs `input:` (the digits to type)" if screen.input else "has no keypad"
            errors.append(doc.error((*loc, "input"), f"screen {step.screen!r} {what}"))
        elif step.input is not None and len(step.input) > screen.input.max_digits:
            errors.append(doc.error((*loc, "input"), "more digits than the keypad takes"))
        if button.next is None:
            errors.append(doc.error((*loc, "press"), f"button {step.press!r} leads nowhere"))
            return errors
        expected_screen = button.next
    if not screens[expected_screen].end:
        errors.append(
            doc.error(
                ("tasks", ti, "steps", len(task.steps) - 1),
                f"the last step leads to {expected_screen!r}, which is not an end screen",
            )
        )
    return errors


def load_kiosk(path: Path) -> Kiosk:
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise doc.error((), "expected a kiosk: id, level, title, screens, tasks")
    kiosk = doc.validate(Kiosk)
    errors = _check_kiosk(doc, kiosk)
    if errors:
        raise ContentErrors(errors)
    return kiosk


def load_curriculum(root: Path | None = None) -> Curriculum:
    """All levels and practice kiosks; raises ContentErrors listing every problem found."""
    folder = (root or content_root()) / "training"
    errors: list[ContentError] = []
    path = folder / CURRICULUM_FILE
    cur: CurriculumFile | None = None
    try:
        doc = load_yaml(path)
        cur = doc.validate(CurriculumFile)
        ids = [lv.id for lv in cur.levels]
        if sorted(ids) != sorted(LEVELS):
            errors.append(doc.error(("levels",), f"levels must be exactly {', '.join(LEVELS)}"))
    except ContentErrors as exc:
        errors += exc.errors
    except ContentError as exc:
        errors.append(exc)
    kiosks: dict[str, Kiosk] = {}
    files: dict[str, Path] = {}
    for kpath in sorted(folder.glob("*.yaml")):
        if kpath.name == CURRICULUM_FILE:
            continue
        try:
            kiosk = load_kiosk(kpath)
        except ContentErrors as exc:
            errors += exc.errors
            continue
        except ContentError as exc:
            errors.append(exc)
            continue
        kiosks[kiosk.id] = kiosk
        files[kiosk.id] = kpath
    if cur is not None and not errors:
        for lv in cur.levels:
            if not any(k.level == lv.id for k in kiosks.values()):
                errors.append(ContentError(path, None, f"level {lv.id!r} has no practice kiosk"))
    if errors:
        raise ContentErrors(errors)
    assert cur is not None
    return Curriculum(title=cur.title, levels=cur.levels, kiosks=kiosks, files=files)


@register_check("training")
def check_training(root: Path) -> None:
    load_curriculum(root)
