"""The practice engine: every kiosk's correct path finishes; mistakes, hints, undo and stars."""

from __future__ import annotations

import pytest
from concierge_content.i18n import load_strings
from concierge_content.training import load_curriculum

from kiosk_ui.training.engine import PracticeSession, Style, feedback_text

CUR = load_curriculum()
ALL_TASKS = [(k.id, t.id) for k in CUR.kiosks.values() for t in k.tasks]


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def session(kiosk="fastfood", task="meal_card", style=Style.QUIZ, clock=None):
    k = CUR.kiosks[kiosk]
    return PracticeSession(k, k.task(task), style, clock=clock or FakeClock())


def play_correct(s: PracticeSession) -> None:
    while not s.finished:
        step = s.step
        for d in step.input or "":
            s.type_digit(d)
        fb = s.press(step.press)
        assert not fb.is_mistake


def test_curriculum_has_four_levels_and_the_six_required_kiosks():
    assert [lv.id for lv in CUR.levels] == ["basic", "daily", "advanced", "special"]
    for kid in ("fastfood", "train_ticket", "civil_document", "atm_transfer", "hospital", "cafe"):
        assert kid in CUR.kiosks
    assert all(CUR.kiosks_of(lv.id) for lv in CUR.levels)


@pytest.mark.parametrize(("kiosk", "task"), ALL_TASKS)
def test_correct_path_reaches_the_end_screen_with_three_stars(kiosk, task):
    s = session(kiosk, task)
    play_correct(s)
    assert s.screen.end and s.stars() == 3 and s.errors == 0


def test_wrong_press_is_explained_counted_and_screen_stays():
    s = session(style=Style.GUIDED)
    s.press("order")
    fb = s.press("eat_in")
    assert fb.kind == "wrong" and "포장" in fb.text.ko
    assert s.screen_id == "where" and s.errors == 1
    assert s.result().mistakes == {(1, "eat_in"): 1}


def test_wrong_press_without_step_text_uses_the_buttons_own_why():
    s = session(style=Style.PRACTICE)
    s.press("order")
    s.press("take_out")
    fb = s.press("cheese")
    assert "치즈버거" in fb.text.ko


def test_quiz_does_not_explain_but_counts():
    s = session(style=Style.QUIZ)
    fb = s.press("lang_en")
    assert fb.text is None and fb.key == "training.quiz_wrong"
    text = feedback_text(fb, load_strings(), "ko")
    assert "1" in text


def test_generic_wrong_message_names_the_right_button():
    s = session("fastfood", "meal_card", Style.PRACTICE)
    for b in ("order", "take_out", "bulgogi", "set"):
        s.press(b)
    fb = s.press("cider")  # has a step explanation
    assert fb.text is not None
    s2 = session("hospital", "internal_medicine", Style.PRACTICE)
    s2.press("reception")
    fb = s2.press("ok")  # nothing typed yet
    assert fb.kind == "wrong_input" and "550308" in fb.text.ko


def test_keypad_digits_are_checked_by_the_step_button():
    s = session("atm_transfer", "send_50000", Style.QUIZ)
    for b in ("transfer", "insert_card", "nonghyup"):
        s.press(b)
    for d in "3010123456781":
        s.type_digit(d)
    s.press("ok")
    for d in "5000":  # one zero short
        s.type_digit(d)
    assert s.press("ok").kind == "wrong_input" and s.screen_id == "amount"
    s.delete_digit()
    s.delete_digit()
    for d in "000":
        s.type_digit(d)
    assert s.typed == "50000" and s.press("ok").kind == "correct"


def test_keypad_refuses_more_digits_than_it_takes():
    s = session("hospital", "internal_medicine")
    s.press("reception")
    for d in "12345678":
        s.type_digit(d)
    assert s.typed == "123456"


def test_undo_goes_back_one_step_and_start_again_goes_to_the_first_screen():
    s = session()
    s.press("order")
    s.press("take_out")
    s.undo()
    assert s.screen_id == "where"
    s.press("take_out")
    s.restart()
    assert s.screen_id == "start" and s.step_index == 0
    assert s.undo().key == "training.undo_nothing"


def test_undo_after_finishing_reopens_the_last_step():
    s = session("touch_basics", "first_touch")
    play_correct(s)
    s.undo()
    assert not s.finished and s.screen_id == "confirm"


def test_timeout_returns_to_start_and_is_counted():
    s = session()
    s.press("order")
    fb = s.timeout()
    assert fb.kind == "timeout" and s.screen_id == "start" and s.timeouts == 1


def test_stars_follow_mistakes_hints_and_time():
    clock = FakeClock()
    s = session(clock=clock)
    s.press("lang_en")  # one mistake
    clock.t = 30
    play_correct(s)
    assert s.stars() == 2
    clock2 = FakeClock()
    s = session(clock=clock2)
    s.hint()
    play_correct(s)
    assert s.stars() == 2  # a hint costs the third star
    clock3 = FakeClock()
    s = session(clock=clock3)
    clock3.t = 10_000
    play_correct(s)
    assert s.stars() == 1  # far too slow
    assert session(style=Style.GUIDED).stars() == 0


def test_guided_mode_highlights_only_in_guided():
    assert session(style=Style.GUIDED).highlight_button() == "order"
    assert session(style=Style.QUIZ).highlight_button() is None
