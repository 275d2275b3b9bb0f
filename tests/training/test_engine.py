"""The practice engine: every kiosk's correct path finishes; mistakes, hints, undo, stars, the
time limit with its warning and extensions, the queue behind the trainee. No Qt, no waiting:
time is a number the tests move."""

from __future__ import annotations

import pytest
from concierge_content.i18n import load_strings
from concierge_content.training import load_curriculum

from kiosk_ui.training.engine import PracticeSession, Style, feedback_text

CUR = load_curriculum()
ALL_TASKS = [(k.id, t.id) for k in CUR.kiosks.values() for t in k.tasks]
REPLICAS = ("fastfood", "cafe", "atm_transfer", "train_ticket", "hospital", "civil_document")


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def session(kiosk="fastfood", task="meal_card", style=Style.QUIZ, clock=None, pressure=False):
    k = CUR.kiosks[kiosk]
    return PracticeSession(k, k.task(task), style, clock=clock or FakeClock(), pressure=pressure)


def wait(s: PracticeSession, seconds: float) -> list[str]:
    """Let `seconds` pass in small ticks, as the app's timer does."""
    events = []
    for _ in range(round(seconds * 4)):
        s._clock.t += 0.25
        events += s.tick()
    return events


def play_correct(s: PracticeSession) -> None:
    while not s.finished:
        while s.waiting:  # a card being read: the kiosk moves on by itself
            wait(s, 0.5)
        step = s.step
        assert s.screen_id == step.screen
        for d in step.input or "":
            s.type_digit(d)
        fb = s.press(step.press)
        assert not fb.is_mistake, (s.kiosk.id, step.press)


def test_curriculum_has_four_levels_and_the_six_replicas():
    assert [lv.id for lv in CUR.levels] == ["basic", "daily", "advanced", "special"]
    for kid in REPLICAS:
        assert CUR.kiosks[kid].look is not None, kid
        assert CUR.kiosks[kid].time_limit is not None, kid
    assert all(CUR.kiosks_of(lv.id) for lv in CUR.levels)


@pytest.mark.parametrize(("kiosk", "task"), ALL_TASKS)
def test_correct_path_reaches_the_end_screen_with_three_stars(kiosk, task):
    s = session(kiosk, task)
    play_correct(s)
    wait(s, 5)  # the printer finishes
    assert s.screen.end and s.stars() == 3 and s.errors == 0


def test_wrong_press_is_explained_counted_and_the_kiosk_stays_as_it_was():
    s = session(style=Style.GUIDED)
    fb = s.press("eat_in")
    assert fb.kind == "wrong" and "포장" in fb.text.ko
    assert s.screen_id == "start" and s.errors == 1 and s.machine.picks.get("where") is None
    assert s.result().mistakes == {(0, "eat_in"): 1}


def test_wrong_press_without_step_text_uses_the_controls_own_why():
    s = session(style=Style.PRACTICE)
    fb = s.press("lang_en")
    assert "English" in fb.text.ko


def test_pressing_the_open_tab_or_the_chosen_answer_again_is_no_mistake():
    s = session("cafe", "citron_tea_stamps", Style.QUIZ)
    s.press("for_here")
    fb = s.press("tab_coffee")  # already open
    assert fb.kind == "noop" and not fb.is_mistake and s.errors == 0
    assert "COFFEE" in feedback_text(fb, load_strings(), "ko")
    s.press("tab_tea")
    s.press("citron_tea")
    assert s.press("hot").kind == "noop" and s.errors == 0  # HOT is the default


def test_quiz_does_not_explain_but_counts():
    s = session(style=Style.QUIZ)
    fb = s.press("lang_en")
    assert fb.text is None and fb.key == "training.quiz_wrong"
    assert "1" in feedback_text(fb, load_strings(), "ko")


def test_generic_wrong_message_names_the_expected_control_and_its_line():
    s = session("fastfood", "cones_qr", Style.PRACTICE)
    for b in ("eat_in", "tab_dessert", "vanilla_cone", "checkout"):
        s.press(b)
    fb = s.press("more")  # has its own why
    assert fb.text is not None
    fb = s.press("pay")  # no why anywhere: the generic message names "Vanilla Cone +"
    text = feedback_text(fb, load_strings(), "ko")
    assert fb.key == "training.wrong_generic" and "Vanilla Cone +" in text


def test_a_press_that_is_not_on_the_screen_is_a_bug_not_a_mistake():
    s = session()
    with pytest.raises(ValueError, match="bulgogi"):
        s.press("bulgogi")  # on the menu, not on the first screen


def test_tabs_show_other_items_and_cart_quantities_change_the_total():
    s = session("fastfood", "cones_qr")
    for b in ("eat_in", "tab_dessert"):
        s.press(b)
    assert "vanilla_cone" in s.controls() and "bulgogi" not in s.controls()
    s.press("vanilla_cone")
    s.press("checkout")
    s.press("line1_plus")
    assert s.machine.cart[0].qty == 2 and s.machine.total() == 2000


def test_a_set_adds_its_answers_and_their_prices_to_the_cart_line():
    s = session("fastfood", "meal_card")
    for b in ("take_out", "tab_burger", "bulgogi", "set", "side_fries", "set_coke"):
        s.press(b)
    [line] = s.machine.cart
    assert line.item == "bulgogi" and line.picks == {
        "set": "set", "side": "side_fries", "drink": "set_coke"
    }  # fmt: skip
    assert s.machine.total() == 4500 + 2000


def test_keypad_digits_are_checked_by_the_step_button_and_kept_for_later_screens():
    s = session("atm_transfer", "send_50000", Style.QUIZ)
    for b in ("transfer", "insert_card"):
        s.press(b)
    wait(s, 3)
    s.press("nonghyup")
    for d in "3010123456781":
        s.type_digit(d)
    s.press("ok")
    for d in "5000":  # one zero short
        s.type_digit(d)
    assert s.press("ok").kind == "wrong_input" and s.screen_id == "amount"
    s.delete_digit()
    for d in "00":
        s.type_digit(d)
    assert s.typed == "50000" and s.press("ok").kind == "correct"
    values = s.machine.values("ko", lambda n: f"{n:,}")
    assert values["typed_account"] == "3010123456781" and values["money_amount"] == "50,000"


def test_keypad_refuses_more_digits_than_it_takes():
    s = session("hospital", "internal_medicine")
    s.press("reception")
    for d in "12345678":
        s.type_digit(d)
    assert s.typed == "123456"


def test_busy_screens_move_on_by_themselves_and_take_no_press():
    s = session("fastfood", "meal_card")
    for step in s.task.steps[:11]:  # ... up to inserting the card
        s.press(step.press)
    assert s.screen_id == "card_reading" and s.waiting and s.controls() == {}
    assert s.expected_button() is None
    assert "moved" not in wait(s, 2)
    assert "moved" in wait(s, 1.5) and s.screen_id == "card_out"


def test_undo_goes_back_one_step_and_start_again_goes_to_the_first_screen():
    s = session()
    s.press("take_out")
    s.press("tab_burger")
    s.press("bulgogi")
    s.undo()
    assert s.screen_id == "menu" and s.machine.active_tab() == "tab_burger"
    s.restart()
    assert s.screen_id == "start" and s.step_index == 0 and s.machine.picks == {}
    assert s.undo().key == "training.undo_nothing"


def test_undo_after_finishing_reopens_the_last_step():
    s = session("touch_basics", "first_touch")
    play_correct(s)
    s.undo()
    assert not s.finished and s.screen_id == "confirm"


def test_timeout_returns_to_start_and_is_counted():
    s = session()
    s.press("take_out")
    fb = s.timeout()
    assert fb.kind == "timeout" and s.screen_id == "start" and s.timeouts == 1


def test_time_limit_warns_then_starts_over_and_every_touch_restarts_it():
    s = session("fastfood", "meal_card")  # 120 s, warning 20 s before the end
    assert s.time_left_s() == 120
    assert wait(s, 99) == [] and not s.time_warning()
    assert wait(s, 1.5) == ["warn"] and s.time_warning()
    s.press("take_out")  # a touch: the full time again, no warning
    assert s.time_left_s() == 120 and not s.time_warning()
    events = wait(s, 121)
    assert events == ["warn", "timeout"] and s.screen_id == "start" and s.timeouts == 1


def test_the_trainee_can_extend_the_time_as_often_as_needed():
    s = session("atm_transfer", "send_50000")  # 60 s, warning at 20 s left, +60 s
    for n in range(1, 12):  # WCAG 2.2.1: at least ten extensions
        events = wait(s, 45)
        assert events == ["warn"], n
        s.extend_time()
        assert s.time_left_s() == pytest.approx(15 + 60) and not s.time_warning()
        wait(s, 15)  # (back to a full minute before the next warning)
        assert s.timeouts == 0
    assert s.countdown.extensions == 11


def test_the_time_limit_does_not_run_while_the_kiosk_is_busy_or_done():
    s = session("fastfood", "meal_card")
    for step in s.task.steps[:11]:
        s.press(step.press)
    wait(s, 2)
    assert s.time_left_s() is None  # reading the card: nothing to do
    wait(s, 2)
    assert s.time_left_s() == pytest.approx(120, abs=1)


def test_people_join_the_queue_only_when_pressure_practice_is_on():
    calm = session()
    assert "queue" not in wait(calm, 60) and calm.queue is None
    s = session(pressure=True)  # fast-food: one more person every 15 s, at most 6
    assert wait(s, 14) == [] and s.queue.people == 0
    assert wait(s, 1) == ["queue"] and s.queue.people == 1 and s.queue.level == 1
    wait(s, 30)
    assert s.queue.people == 3 and s.queue.level == 2
    for _ in range(10):
        s.press("lang_en")  # touching keeps the time limit away; the queue still grows
        wait(s, 15)
    assert s.queue.people == 6 and s.queue.level == 3


def test_stars_follow_mistakes_hints_and_time():
    clock = FakeClock()
    s = session(clock=clock)
    s.press("lang_en")  # one mistake
    clock.t = 30
    play_correct(s)
    assert s.stars() == 2
    s = session()
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
    assert session(style=Style.GUIDED).highlight_button() == "take_out"
    assert session(style=Style.QUIZ).highlight_button() is None
