"""Screenshots of every practice kiosk's key screens (menu, answers, cart, keypad, machine
parts, the ticket) in normal and large text, plus hint mode, the time warning with people
waiting, high contrast and a portrait kiosk (offscreen Qt), for people to look at:
`python -m kiosk_ui.training.ui.screenshots OUT_DIR`."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

KINDS = ("menu", "choices", "counters", "cart", "input", "device", "end")


def _kind(screen) -> str | None:
    """What a screen shows that is worth a picture (None: nothing new)."""
    if screen.menu:
        return "menu"
    if screen.cart == "full":
        return "cart"
    for kind, has in (("counters", screen.counters), ("input", screen.input),
                      ("device", screen.device), ("choices", screen.choices)):  # fmt: skip
        if has:
            return kind
    return "end" if screen.end else None


def key_steps(kiosk) -> list[tuple[int, str]]:
    """(step index, kind) of the first screen of each kind on the first task's path; a task's
    end is step len(steps). Plain practice kiosks: their busiest screen."""
    from concierge_content.training_machine import KioskMachine

    steps = kiosk.tasks[0].steps
    if kiosk.look is None:
        busiest = max(range(len(steps)), key=lambda i: len(kiosk.screens[steps[i].screen].buttons))
        keypad = [i for i, st in enumerate(steps) if kiosk.screens[st.screen].input is not None]
        return [(keypad[0] if keypad else busiest, "screen")]
    m = KioskMachine(kiosk)
    seen: dict[str, int] = {}
    for i, step in enumerate([*steps, None]):
        m.skip_waiting()
        kind = _kind(m.screen)
        if kind is not None and kind not in seen:
            seen[kind] = i
        if step is not None:
            m.press(step.press, step.input or "")
    return sorted(((i, k) for k, i in seen.items()), key=lambda x: x[0])


def demo_class(store, cur) -> None:
    """A small made-up class (fixed seed) so the instructor view has something to show."""
    import random

    from kiosk_ui.training.engine import PracticeSession, Style

    rnd = random.Random(6)
    names = ["김영희", "박철수", "이순자", "최민호", "정말순", "강덕배"]
    comments = [
        "글씨가 커서 보기 좋아요",
        "카드 꽂는 곳을 찾기 어려웠어요",
        "",
        "다음에도 하고 싶어요",
    ]
    kiosks = list(cur.kiosks.values())
    for n, name in enumerate(names):
        tr = store.sign_in(name, f"{1000 + n}")
        for _ in range(rnd.randint(2, 6)):
            k = rnd.choice(kiosks)
            task = rnd.choice(k.tasks)
            s = PracticeSession(k, task, rnd.choice(list(Style)))
            skill = rnd.random()
            while not s.finished and rnd.random() < 0.97:
                step = s.step
                s.machine.skip_waiting()
                others = [c for c in s.controls() if c != step.press]
                if others and rnd.random() > skill:
                    s.press(rnd.choice(others))
                for d in step.input or "":
                    s.type_digit(d)
                s.press(step.press)
            store.record_attempt(tr.id, s.result())
        store.add_survey(tr.id, rnd.choice([3, 4, 4, 5, 5, 2]), rnd.choice(comments))


def _small_png(path: Path) -> None:
    """256 colours are plenty for a kiosk screen and make the pictures a third of the size."""
    try:
        from PIL import Image
    except ImportError:  # the full-colour PNG stays
        return
    with Image.open(path) as img:
        small = img.convert("RGB").quantize(256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots/training")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):  # pictures of screens that no longer exist must not linger
        old.unlink()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CONCIERGE_VAR"] = tempfile.mkdtemp(prefix="kiosk-shots-")
    from PyQt6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from kiosk_ui.app import KioskWindow, ShellConfig
    from kiosk_ui.modes.base import Accessibility

    win = KioskWindow(
        ShellConfig(
            mode="training", fullscreen=False, accessibility=Accessibility(voice_guidance=False)
        )
    )
    win.resize(1280, 800)
    win.show()
    mode = win.current_mode()
    now = [0.0]
    mode.clock = lambda: now[0]  # the practice kiosk's clock: moved on by hand, never waited

    def settle() -> None:
        deadline = time.monotonic() + 20
        while (mode.busy or mode.store is None) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        for _ in range(3):
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        path = out / f"{name}.png"
        win.grab().save(str(path))
        _small_png(path)
        print(path, file=sys.stderr)

    def advance(seconds: float) -> None:
        for _ in range(round(seconds * 4)):
            now[0] += 0.25
            mode.tick()

    def until_ready() -> None:
        while mode.session is not None and mode.session.waiting:
            advance(0.5)

    def play(kiosk, upto: int, style: str = "guided", wrong: bool = False, **begin) -> None:
        """The first task up to step `upto` (a wrong press there too, for its explanation)."""
        task = kiosk.tasks[0]
        mode.begin(kiosk.id, task.id, style, **begin)
        for step in task.steps[:upto]:
            until_ready()
            for d in step.input or "":
                mode.session.type_digit(d)
            mode._press(step.press)
        until_ready()
        if upto < len(task.steps):
            step = task.steps[upto]
            others = [c for c in mode.session.controls() if c != step.press]
            if wrong and others:
                mode._press(step.wrong and next(iter(step.wrong)) or others[0])
            for d in (step.input or "")[:4]:
                mode._act(mode.session.type_digit(d))
        elif mode.session is not None:
            advance(1.5)  # the printer has pushed the paper out

    settle()
    shot("signin")
    mode.signin.name.setText("김영희")
    mode.signin.code.setText("1234")
    mode.signin.start.click()
    settle()
    for large in (False, True):
        win.acc.large_text = large
        win.apply_settings()
        suffix = "large" if large else "normal"
        mode._show_catalog()
        shot(f"catalog-{suffix}")
        for kiosk in mode.cur.kiosks.values():
            keys = key_steps(kiosk)
            if large and kiosk.look is not None:  # 200 %: the busiest three
                keys = [k for k in keys if k[1] in ("menu", "choices", "cart", "input", "end")]
                keys = keys[:2] + keys[-1:]
            for n, (upto, kind) in enumerate(keys):
                play(kiosk, upto, wrong=n == 0)
                shot(f"{kiosk.id}-{kind}-{suffix}")
            mode._show_catalog()
    win.acc.large_text = False
    win.apply_settings()
    fastfood = mode.cur.kiosks["fastfood"]
    # plain words for the English names, and the queue with the time-limit warning
    mode.hint_mode = True
    play(fastfood, 2, style="practice")
    shot("fastfood-hint-mode")
    mode.hint_mode = False
    play(fastfood, 2, style="practice", pressure=True)
    advance(fastfood.time_limit.seconds - fastfood.time_limit.warn_s + 1)
    shot("fastfood-time-warning-people-waiting")
    win.acc.high_contrast = True
    win.apply_settings()
    play(fastfood, 2, style="quiz", wrong=True)
    shot("fastfood-quiz-high-contrast")
    win.acc.high_contrast = False
    win.apply_settings()
    win.resize(900, 1600)  # a portrait kiosk: the trainer above, the controls below
    play(fastfood, 2)
    shot("fastfood-portrait")
    play(mode.cur.kiosks["cafe"], 2)
    shot("cafe-portrait")
    win.acc.large_text = True  # 200 % text has the room it needs on a portrait kiosk
    win.apply_settings()
    play(fastfood, 2)
    shot("fastfood-portrait-large")
    play(mode.cur.kiosks["atm_transfer"], 3)
    shot("atm_transfer-portrait-large")
    win.acc.large_text = False
    win.apply_settings()
    win.resize(1280, 800)
    mode._show_catalog()
    mode.sign_out()
    mode.io(demo_class, mode.cur)
    mode.open_instructor()
    for i, name in enumerate(("trainees", "class", "struggles", "survey")):
        mode.instructor.tabs.setCurrentIndex(i)
        shot(f"instructor-{name}")
    mode.close()
    win.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
