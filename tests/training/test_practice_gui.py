"""Completing every practice kiosk by clicking its real widgets: guided (highlight, explanation,
voice), practice (hint mode, automatic hint, time extension, people waiting) and quiz (no
help, a timeout, wrong presses and digits counted, stars). Time is the test's clock."""

from __future__ import annotations

import pytest
from concierge_content.training import load_curriculum
from PyQt6.QtWidgets import QLabel

pytestmark = pytest.mark.gui

CUR = load_curriculum()
ALL_TASKS = [(k.id, t.id) for k in CUR.kiosks.values() for t in k.tasks]
REPLICAS = [k.id for k in CUR.kiosks.values() if k.look is not None]


def _a_wrong_control(kiosk, step_id: str) -> str | None:
    """A control that is really wrong now (pressing the open tab again changes nothing)."""
    controls = kiosk.mode.session.controls()
    page = kiosk.mode.practice
    return next((c for c in page.kiosk_buttons if c != step_id and not controls[c].selected), None)


@pytest.mark.parametrize(("kiosk_id", "task_id"), ALL_TASKS)
def test_guided_practice_highlights_explains_and_finishes(kiosk, kiosk_id, task_id):
    kiosk.sign_in()
    kiosk.open(kiosk_id, "guided", task_id)
    mode = kiosk.mode
    task = CUR.kiosks[kiosk_id].task(task_id)
    mistakes = 0
    for i, step in enumerate(task.steps):
        kiosk.until_ready()
        title = mode.practice.screen_title.text()
        assert mode.practice.instruction.text() == step.say.ko
        lit = [c for c, w in mode.practice.kiosk_buttons.items() if w.property("highlight")]
        assert lit == [step.press]
        wrong = _a_wrong_control(kiosk, step.press)
        if i == 0 and wrong:
            kiosk.press(wrong)
            mistakes += 1
            assert kiosk.feedback() and mode.practice.feedback.property("role") == "error"
            assert mode.practice.screen_title.text() == title  # the kiosk forgives: same screen
        if step.input:
            kiosk.press(step.press)  # nothing typed yet: explained, counted
            mistakes += 1
            assert mode.practice.feedback.property("role") == "error"
        kiosk.do_step(step)
    kiosk.until_ready()
    assert mode.session.screen.end  # the replica shows its last screen (ticket, receipt)
    kiosk.see_result()
    assert kiosk.page() is mode.result
    assert mode.result.stars.text() == "★☆☆"
    [row] = kiosk.attempts()
    assert (row["kiosk"], row["completed"], row["errors"], row["style"]) == (
        kiosk_id, 1, mistakes, "guided"
    )  # fmt: skip


@pytest.mark.parametrize(("kiosk_id", "task_id"), ALL_TASKS)
def test_quiz_counts_mistakes_survives_a_timeout_and_gives_stars(kiosk, kiosk_id, task_id):
    kiosk.sign_in()
    kiosk.open(kiosk_id, "quiz", task_id)
    mode = kiosk.mode
    kiosk_model = CUR.kiosks[kiosk_id]
    task = kiosk_model.task(task_id)
    assert task.card.ko in mode.practice.instruction.text()
    assert not any(w.property("highlight") for w in mode.practice.kiosk_buttons.values())
    first = task.steps[0]
    kiosk.do_step(first)
    # nobody touches the kiosk: it gives up and starts over (counted), like the real one
    limit = kiosk_model.time_limit.seconds if kiosk_model.time_limit else None
    if limit is not None:
        kiosk.advance(limit + 1)
    else:
        mode.idle_timeout()  # plain practice screens have only the app's idle timer
    assert mode.session.screen_id == kiosk_model.start
    assert "처음 화면" in kiosk.feedback()
    wrong = _a_wrong_control(kiosk, first.press)
    for i, step in enumerate(task.steps):
        kiosk.until_ready()
        if i == 0 and wrong:
            kiosk.press(wrong)
            assert "틀린 횟수 1" in kiosk.feedback()
        if step.input:
            kiosk.until_ready()
            kiosk.type(step.input[:-1])
            kiosk.press(step.press)  # one digit short
            assert mode.practice.feedback.property("role") == "error"
            kiosk.type(step.input[-1])
            kiosk.press(step.press)
        else:
            kiosk.do_step(step)
    kiosk.see_result()
    assert kiosk.page() is mode.result
    [row] = kiosk.attempts()
    expected_errors = (1 if wrong else 0) + sum(1 for s in task.steps if s.input)
    assert row["errors"] == expected_errors and row["timeouts"] == 1 and row["completed"] == 1
    assert row["stars"] == (3 if expected_errors == 0 else 2 if expected_errors <= 2 else 1)
    assert mode.result.stars.text().count("★") == row["stars"]


@pytest.mark.parametrize("kiosk_id", REPLICAS)
def test_practice_with_plain_words_more_time_and_people_waiting(kiosk, kiosk_id):
    """Practice mode on a replica: hint mode explains English names and jargon, the time-limit
    warning offers more time, the queue grows behind the trainee, an idle pause brings a hint."""
    model = CUR.kiosks[kiosk_id]
    task = model.tasks[0]
    kiosk.sign_in()
    kiosk.click(kiosk.mode.catalog.kiosk_buttons[kiosk_id])
    kiosk.click(kiosk.mode.style_page.pressure_btn)
    assert "켜짐" in kiosk.mode.style_page.pressure_btn.text()
    kiosk.click(kiosk.mode.style_page.style_buttons[_style("practice")])
    mode, page = kiosk.mode, kiosk.mode.practice
    kiosk.click(page.toggles["hint_mode"])
    assert mode.hint_mode and page.toggles["hint_mode"].isChecked()
    plain = {c.id: c.plain.ko for c in mode.session.controls().values() if c.plain}
    assert plain, "a replica's first screen explains something in plain words"
    cid, words = next(iter(plain.items()))
    assert words in page.kiosk_buttons[cid].text()
    # a pause: the hint comes by itself (free), then the time-limit warning with "more time"
    kiosk.advance(mode.hint_idle_s)
    assert kiosk.feedback().startswith("도움말") and mode.session.hints == 0
    limit = model.time_limit
    kiosk.advance(limit.seconds - limit.warn_s - mode.hint_idle_s + 0.5)
    warning = page.replica.warning
    assert warning.isVisible() and page.replica.extend_btn.text() == "시간 연장"
    kiosk.click(page.replica.extend_btn)
    assert not warning.isVisible() and mode.session.countdown.extensions == 1
    assert mode.session.time_left_s() > limit.warn_s + limit.extend_s - 1
    # the queue grew meanwhile; it is shown and said calmly
    assert page.people.isVisible() and page.people.people >= 1
    assert "천천히" in page.people_text.text() or "서두르지" in page.people_text.text()
    for step in task.steps:
        kiosk.do_step(step)
    kiosk.see_result()
    [row] = kiosk.attempts()
    assert row["completed"] == 1 and row["timeouts"] == 0 and row["style"] == "practice"


def test_a_perfect_quiz_earns_three_stars_and_shows_on_the_list(kiosk):
    kiosk.sign_in()
    kiosk.open("touch_basics", "quiz")
    for step in CUR.kiosks["touch_basics"].tasks[0].steps:
        kiosk.do_step(step)
    kiosk.see_result()
    assert kiosk.mode.result.stars.text() == "★★★"
    kiosk.click(kiosk.mode.result.list_btn)
    kiosk.idle()
    assert "★★★" in kiosk.mode.catalog.kiosk_buttons["touch_basics"].text()


def test_the_card_goes_in_and_the_ticket_comes_out(kiosk):
    """The machine parts move on the kiosk's clock; the end screen hands out the slip."""
    kiosk.sign_in()
    kiosk.open("fastfood", "quiz", "meal_card")
    steps = CUR.kiosks["fastfood"].task("meal_card").steps
    for step in steps[:11]:  # ... inserting the card
        kiosk.do_step(step)
    device = kiosk.mode.practice.replica.device
    assert device.kind == "card_reading" and device.isVisible()
    before = device.progress
    kiosk.advance(1)
    assert device.progress > before and kiosk.mode.practice.kiosk_buttons == {}
    for step in steps[11:]:
        kiosk.do_step(step)
    kiosk.until_ready()
    slips = kiosk.mode.practice.replica.slips
    assert [s.objectName() for s in slips] == ["r_slip", "r_receipt"]
    words = [w.text() for s in slips for w in s.findChildren(QLabel)]
    assert "127" in words and any("Bulgogi Burger" in w for w in words)
    assert any("6,500원" in w for w in words)


def _style(name: str):
    from kiosk_ui.training.engine import Style

    return Style(name)
