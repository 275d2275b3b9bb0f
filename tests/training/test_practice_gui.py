"""Completing every practice kiosk by clicking its real buttons, in guided and quiz mode,
with wrong presses, wrong digits and a timeout on the way."""

from __future__ import annotations

import pytest
from concierge_content.training import load_curriculum

pytestmark = pytest.mark.gui

CUR = load_curriculum()
ALL_TASKS = [(k.id, t.id) for k in CUR.kiosks.values() for t in k.tasks]


def _a_wrong_button(kiosk, step) -> str | None:
    screen = CUR.kiosks[kiosk].screens[step.screen]
    return next((b.id for b in screen.buttons if b.id != step.press), None)


@pytest.mark.parametrize(("kiosk_id", "task_id"), ALL_TASKS)
def test_guided_practice_highlights_explains_and_finishes(kiosk, kiosk_id, task_id):
    kiosk.sign_in()
    kiosk.open(kiosk_id, "guided", task_id)
    mode = kiosk.mode
    task = CUR.kiosks[kiosk_id].task(task_id)
    mistakes = 0
    for i, step in enumerate(task.steps):
        title = mode.practice.screen_title.text()
        assert mode.practice.instruction.text() == step.say.ko
        lit = [b for b, w in mode.practice.kiosk_buttons.items() if w.property("highlight")]
        assert lit == [step.press]
        wrong = _a_wrong_button(kiosk_id, step)
        if i == 0 and wrong:
            kiosk.press(wrong)
            mistakes += 1
            assert kiosk.feedback() and mode.practice.feedback.property("role") == "error"
            assert mode.practice.screen_title.text() == title  # the kiosk forgives: same screen
        if step.input:
            kiosk.press(step.press)  # nothing typed yet: explained, counted
            mistakes += 1
            assert mode.practice.feedback.property("role") == "error"
            kiosk.type(step.input)
        kiosk.press(step.press)
    assert kiosk.page() is mode.result
    assert mode.result.stars.text() == "★☆☆"
    [row] = kiosk.attempts()
    assert (row["kiosk"], row["completed"], row["errors"], row["style"]) == (
        kiosk_id, 1, mistakes, "guided"
    )  # fmt: skip


@pytest.mark.parametrize(("kiosk_id", "task_id"), ALL_TASKS)
def test_quiz_counts_mistakes_survives_a_timeout_and_gives_stars(kiosk, qtbot, kiosk_id, task_id):
    kiosk.sign_in()
    kiosk.open(kiosk_id, "quiz", task_id)
    kiosk.win.ctx.idle_warning_s, kiosk.win.ctx.idle_timeout_s = 0.5, 1.2  # a short test config
    mode = kiosk.mode
    task = CUR.kiosks[kiosk_id].task(task_id)
    assert task.card.ko in mode.practice.instruction.text()
    assert not any(w.property("highlight") for w in mode.practice.kiosk_buttons.values())
    first = task.steps[0]
    # nobody touches the kiosk: a warning with "more time", then it starts over (counted)
    with qtbot.waitSignal(kiosk.win.idle_timed_out, timeout=15_000):
        kiosk.press(first.press)  # (the press restarts the shortened idle timer)
        qtbot.wait_until(kiosk.win.idle_warning.isVisible, timeout=15_000)
    assert mode.session.screen_id == CUR.kiosks[kiosk_id].start
    assert "처음 화면" in kiosk.feedback()
    kiosk.win.ctx.idle_warning_s, kiosk.win.ctx.idle_timeout_s = 60.0, 120.0
    wrong = _a_wrong_button(kiosk_id, first)
    for i, step in enumerate(task.steps):
        if i == 0 and wrong:
            kiosk.press(wrong)
            assert "틀린 횟수 1" in kiosk.feedback()
        if step.input:
            kiosk.type(step.input[:-1])
            kiosk.press(step.press)  # one digit short
            assert mode.practice.feedback.property("role") == "error"
            kiosk.type(step.input[-1])
        kiosk.press(step.press)
    assert kiosk.page() is mode.result
    [row] = kiosk.attempts()
    expected_errors = (1 if wrong else 0) + sum(1 for s in task.steps if s.input)
    assert row["errors"] == expected_errors and row["timeouts"] == 1 and row["completed"] == 1
    assert row["stars"] == (3 if expected_errors == 0 else 2 if expected_errors <= 2 else 1)
    assert mode.result.stars.text().count("★") == row["stars"]


def test_a_perfect_quiz_earns_three_stars_and_shows_on_the_list(kiosk):
    kiosk.sign_in()
    kiosk.open("touch_basics", "quiz")
    for step in CUR.kiosks["touch_basics"].tasks[0].steps:
        kiosk.press(step.press)
    assert kiosk.mode.result.stars.text() == "★★★"
    kiosk.click(kiosk.mode.result.list_btn)
    kiosk.idle()
    assert "★★★" in kiosk.mode.catalog.kiosk_buttons["touch_basics"].text()
