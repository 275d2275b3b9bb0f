"""Digital-literacy practice kiosks (content/training): screens, buttons, tasks and their steps.

An instructor adds a kiosk by writing one YAML file; this module refuses a broken one with
file:line (a button to an unknown screen, a step whose button is not on its screen, a path that
never ends, a missing ko/en string).
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.textmodels import Text
from concierge_content.training_machine import (
    KioskMachine,
    MachineError,
    placeholder_names,
    placeholders_in,
)
from concierge_content.training_models import (
    LEVELS,
    Button,
    Choice,
    Counter,
    Curriculum,
    CurriculumFile,
    DigitInput,
    Group,
    Item,
    Kiosk,
    Level,
    Look,
    Screen,
    Step,
    Tab,
    Task,
)
from concierge_content.yamlio import YamlDoc, load_yaml

__all__ = [
    "LEVELS", "Button", "Choice", "Counter", "Curriculum", "DigitInput", "Group", "Item",
    "Kiosk", "Level", "Look", "Screen", "Step", "Tab", "Task", "Text", "check_training",
    "contrast_ratio", "load_curriculum", "load_kiosk",
]  # fmt: skip

CURRICULUM_FILE = "curriculum.yaml"
MIN_CONTRAST = 4.5  # KS X 9211 and WCAG 1.4.3, for every text colour of a replica


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio between two #RRGGBB colours (1.0 .. 21.0)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _screen_ids(kiosk: Kiosk, screen: Screen) -> list[tuple[str, tuple]]:
    """Every control id a screen can show, with the location that defines it."""
    ids: list[tuple[str, tuple]] = []
    if screen.menu:
        ids += [(t.id, ("tabs", i, "id")) for i, t in enumerate(kiosk.tabs)]
        ids += [(it.id, ("items", i, "id")) for i, it in enumerate(kiosk.items)]
    for gid in screen.choices:
        if gid in kiosk.groups:
            for i, c in enumerate(kiosk.groups[gid].choices):
                ids.append((c.id, ("groups", gid, "choices", i, "id")))
    for cid in screen.counters:
        ids += [(f"{cid}_minus", ("counters", cid)), (f"{cid}_plus", ("counters", cid))]
    return ids


def _next_screens(kiosk: Kiosk, screen: Screen) -> set[str]:
    """The screens one press (or waiting) can open from this one."""
    out = {b.next for b in screen.buttons if b.next}
    if screen.auto_next:
        out.add(screen.auto_next)
    if screen.menu:
        out |= {it.next for it in kiosk.items if it.next}
    for gid in screen.choices:
        group = kiosk.groups.get(gid)
        if group is not None:
            out |= {c.next or group.next for c in group.choices if c.next or group.next}
    return out


def _check_parts(doc: YamlDoc, kiosk: Kiosk) -> list[ContentError]:
    """Tabs, items, groups, counters, colours and time limit of a replica."""
    errors: list[ContentError] = []
    screens, tabs = kiosk.screens, {t.id for t in kiosk.tabs}

    def unique(ids: list[str], where: tuple, what: str) -> None:
        for i, x in enumerate(ids):
            if ids.index(x) != i:
                errors.append(doc.error((*where, i, "id"), f"{what} id {x!r} used twice"))

    unique([t.id for t in kiosk.tabs], ("tabs",), "tab")
    unique([it.id for it in kiosk.items], ("items",), "item")
    for i, it in enumerate(kiosk.items):
        if it.tab not in tabs:
            errors.append(doc.error(("items", i, "tab"), f"item {it.id!r}: no tab {it.tab!r}"))
        if it.next is not None and it.next not in screens:
            errors.append(doc.error(("items", i, "next"), f"unknown screen {it.next!r}"))
    for ti, t in enumerate(kiosk.tabs):
        if not any(it.tab == t.id for it in kiosk.items):
            errors.append(doc.error(("tabs", ti), f"tab {t.id!r} has no items"))
    for gid, group in kiosk.groups.items():
        ids = [c.id for c in group.choices]
        unique(ids, ("groups", gid, "choices"), "choice")
        if group.default is not None and group.default not in ids:
            errors.append(
                doc.error(("groups", gid, "default"), f"default {group.default!r} not a choice")
            )
        if group.next is not None and group.next not in screens:
            errors.append(doc.error(("groups", gid, "next"), f"unknown screen {group.next!r}"))
        for i, c in enumerate(group.choices):
            if c.next is not None and c.next not in screens:
                loc = ("groups", gid, "choices", i, "next")
                errors.append(doc.error(loc, f"unknown screen {c.next!r}"))
    for cid, spec in kiosk.counters.items():
        if not spec.min <= spec.start <= spec.max:
            errors.append(doc.error(("counters", cid), "needs min <= start <= max"))
    if kiosk.look is not None:
        for name, (fg, bg) in kiosk.look.text_pairs().items():
            ratio = contrast_ratio(fg, bg)
            if ratio < MIN_CONTRAST:
                loc = ("look", name.split(" ")[0])
                errors.append(
                    doc.error(loc, f"contrast of {name} is {ratio:.2f}:1; needs {MIN_CONTRAST}:1")
                )
    limit = kiosk.time_limit
    if limit is not None and limit.warn_s >= limit.seconds:
        errors.append(doc.error(("time_limit", "warn_s"), "the warning must come before the end"))
    return errors


def _check_screen(doc: YamlDoc, kiosk: Kiosk, sid: str, screen: Screen) -> list[ContentError]:
    errors: list[ContentError] = []
    screens = kiosk.screens
    seen: dict[str, tuple] = {}
    for cid, loc in _screen_ids(kiosk, screen):
        seen.setdefault(cid, loc)
    for i, b in enumerate(screen.buttons):
        loc = ("screens", sid, "buttons", i)
        if b.id in seen or (b.id.startswith("line") and b.id[4:5].isdigit()):
            errors.append(doc.error((*loc, "id"), f"button id {b.id!r} used twice on {sid}"))
        seen[b.id] = loc
        if b.next is not None and b.next not in screens:
            errors.append(
                doc.error((*loc, "next"), f"button {b.id!r} leads to unknown screen {b.next!r}")
            )
    if screen.menu and not kiosk.items:
        errors.append(doc.error(("screens", sid, "menu"), "a menu screen needs items and tabs"))
    if screen.tab is not None and kiosk.tab(screen.tab) is None:
        errors.append(doc.error(("screens", sid, "tab"), f"no tab {screen.tab!r}"))
    for i, gid in enumerate(screen.choices):
        if gid not in kiosk.groups:
            errors.append(doc.error(("screens", sid, "choices", i), f"no group {gid!r}"))
    for i, cid in enumerate(screen.counters):
        if cid not in kiosk.counters:
            errors.append(doc.error(("screens", sid, "counters", i), f"no counter {cid!r}"))
    if screen.auto_next is not None and screen.auto_next not in screens:
        loc = ("screens", sid, "auto_next")
        errors.append(doc.error(loc, f"unknown screen {screen.auto_next!r}"))
    offers = screen.buttons or screen.menu or screen.choices or screen.counters
    if not (screen.end or offers or screen.auto_next):
        errors.append(doc.error(("screens", sid), f"screen {sid!r} has no buttons and no end"))
    if screen.auto_next and (offers or screen.input):
        errors.append(
            doc.error(
                ("screens", sid, "auto_next"), "a screen that moves on by itself has no controls"
            )
        )
    texts = [(("screens", sid, "title"), screen.title), (("screens", sid, "text"), screen.text)]
    if screen.slip is not None:
        texts.append((("screens", sid, "slip", "title"), screen.slip.title))
        texts += [
            (("screens", sid, "slip", "lines", i), t) for i, t in enumerate(screen.slip.lines)
        ]
    errors += _check_values(doc, kiosk, texts)
    return errors


def _check_values(
    doc: YamlDoc, kiosk: Kiosk, texts: list[tuple[tuple, Text | None]]
) -> list[ContentError]:
    """Every {name} in these texts must be a value the kiosk knows."""
    errors: list[ContentError] = []
    names = placeholder_names(kiosk)
    for loc, text in texts:
        for lang in ("ko", "en") if text is not None else ():
            try:
                unknown = [n for n in placeholders_in(text.get(lang)) if n not in names]
            except ValueError as exc:
                unknown = [f"(bad braces: {exc})"]
            for n in unknown:
                errors.append(doc.error((*loc, lang), f"unknown value {{{n}}}"))
    return errors


def _check_kiosk(doc: YamlDoc, kiosk: Kiosk) -> list[ContentError]:
    """Graph and step checks pydantic cannot express; every error points at its line."""
    errors: list[ContentError] = []
    screens = kiosk.screens
    if kiosk.id != doc.path.stem:
        errors.append(doc.error(("id",), f"id {kiosk.id!r} must match the file name"))
    if kiosk.start not in screens:
        errors.append(doc.error(("start",), f"start screen {kiosk.start!r} is not in screens"))
    errors += _check_parts(doc, kiosk)
    for sid, screen in screens.items():
        errors += _check_screen(doc, kiosk, sid, screen)
    if errors:
        return errors
    # every screen reachable from the start, and an end reachable from the start
    reached = {kiosk.start}
    todo = deque([kiosk.start])
    while todo:
        for nxt in _next_screens(kiosk, screens[todo.popleft()]):
            if nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
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
    """Walk the task through the kiosk itself: each press must be on screen at that moment."""
    errors: list[ContentError] = []
    machine = KioskMachine(kiosk)
    for si, step in enumerate(task.steps):
        loc = ("tasks", ti, "steps", si)
        machine.skip_waiting()
        if step.screen != machine.screen_id:
            errors.append(
                doc.error(
                    (*loc, "screen"),
                    f"step {si + 1} is on {step.screen!r} but the path so far is on "
                    f"{machine.screen_id!r}",
                )
            )
            return errors
        screen = machine.screen
        controls = machine.controls()
        if step.press not in controls:
            there = ", ".join(controls) or "nothing"
            errors.append(
                doc.error(
                    (*loc, "press"),
                    f"button {step.press!r} is not on screen {step.screen!r} (there: {there})",
                )
            )
            return errors
        for wid in step.wrong:
            if wid not in controls:
                errors.append(doc.error((*loc, "wrong", wid), f"no button {wid!r} on this screen"))
            elif wid == step.press:
                errors.append(doc.error((*loc, "wrong", wid), "the expected button is not wrong"))
        keypad = screen.input is not None and controls[step.press].kind == "button"
        if (step.input is None) == keypad:
            what = "needs `input:` (the digits to type)" if keypad else "has no keypad"
            errors.append(doc.error((*loc, "input"), f"screen {step.screen!r} {what}"))
        elif step.input is not None and len(step.input) > screen.input.max_digits:
            errors.append(doc.error((*loc, "input"), "more digits than the keypad takes"))
        try:
            machine.press(step.press, step.input or "")
        except MachineError as exc:
            errors.append(doc.error((*loc, "press"), str(exc)))
            return errors
    machine.skip_waiting()
    if not machine.screen.end:
        errors.append(
            doc.error(
                ("tasks", ti, "steps", len(task.steps) - 1),
                f"the last step leads to {machine.screen_id!r}, which is not an end screen",
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
