"""Screenshots of every practice kiosk in normal and large-text mode (offscreen Qt), for people to
look at for clipped or tofu text: `python -m kiosk_ui.training.ui.screenshots OUT_DIR`."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def _showcase_step(kiosk) -> int:
    """The step worth a picture: a keypad screen if there is one, else the busiest screen."""
    steps = kiosk.tasks[0].steps
    for i, s in enumerate(steps):
        if kiosk.screens[s.screen].input is not None:
            return i
    return max(range(len(steps)), key=lambda i: len(kiosk.screens[steps[i].screen].buttons))


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
                others = [b.id for b in k.screens[step.screen].buttons if b.id != step.press]
                if others and rnd.random() > skill:
                    s.press(rnd.choice(others))
                for d in step.input or "":
                    s.type_digit(d)
                s.press(step.press)
            store.record_attempt(tr.id, s.result())
        store.add_survey(tr.id, rnd.choice([3, 4, 4, 5, 5, 2]), rnd.choice(comments))


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots/training")
    out.mkdir(parents=True, exist_ok=True)
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
        print(path, file=sys.stderr)

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
            task = kiosk.tasks[0]
            mode.begin(kiosk.id, task.id, "guided")
            upto = _showcase_step(kiosk)
            for step in task.steps[:upto]:
                for d in step.input or "":
                    mode.session.type_digit(d)
                mode._press(step.press)
            step = task.steps[upto]
            wrong = next(
                (b.id for b in kiosk.screens[step.screen].buttons if b.id != step.press), None
            )
            if wrong:
                mode._press(wrong)  # show an explanation of a wrong press too
            for d in (step.input or "")[:4]:
                mode._act(mode.session.type_digit(d))
            shot(f"{kiosk.id}-{suffix}")
        mode._show_catalog()
    win.acc.large_text = False
    win.acc.high_contrast = True
    win.apply_settings()
    mode.begin("fastfood", "meal_card", "quiz")
    mode._press("order")
    mode._press("eat_in")
    shot("fastfood-quiz-high-contrast")
    win.acc.high_contrast = False
    win.apply_settings()
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
