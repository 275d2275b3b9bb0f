"""Acting only on clear speech: garbled -> "didn't catch that", unsure -> one question with
touch choices, yes -> the robot acts, no -> asks again with choices; English stays English."""

from __future__ import annotations

import pytest
from concierge_content.i18n import load_strings
from concierge_dialog.confirm import ConfirmingDialog
from concierge_dialog.engine import DialogEngine


@pytest.fixture
def dialog(city_engine):
    d = ConfirmingDialog(city_engine)
    d.reset()
    return d


@pytest.fixture(scope="module")
def city_engine():
    return DialogEngine("city_hall")


def _say(key: str, lang: str, **fields) -> str:
    return load_strings().t(f"dialog.{key}", lang, **fields)


def test_garbled_speech_gets_a_clear_didnt_catch_that_and_choices(dialog):
    r = dialog.handle("여 꿘 저", certainty="garbled")
    assert r.intent == "unknown" and r.reply == _say("not_heard", "ko")
    assert r.choices and not r.confirm


def test_unsure_request_is_asked_back_not_acted_on(dialog):
    r = dialog.handle("여권과로 데려다 주세요", certainty="unsure", rival="화장실로 데려다 주세요")
    assert r.intent == "confirm" and r.confirm  # nothing acts on "confirm"
    assert r.reply == _say("confirm_escort", "ko", place_ro="여권민원실로")
    labels = [label for label, _ in r.choices]
    assert labels[0] == _say("choice_yes", "ko") and labels[-1] == _say("choice_no", "ko")
    assert "화장실" in labels  # the rival reading is offered as a touch choice


def test_yes_by_voice_then_acts_on_the_held_request(dialog):
    dialog.handle("여권과로 데려다 주세요", certainty="unsure")
    r = dialog.handle("네", certainty="sure")
    assert (r.intent, r.place_id, r.confirm) == ("escort", "passport_office", False)


def test_yes_by_touch_acts_too(dialog):
    first = dialog.handle("김영수 주무관님 불러 주세요", certainty="unsure")
    yes_utterance = first.choices[0][1]  # what the touch button sends back
    r = dialog.handle(yes_utterance)
    assert (r.intent, r.staff_id) == ("call_staff", "kim_youngsoo")


def test_no_asks_again_with_choices_and_acts_on_nothing(dialog):
    dialog.handle("여권과로 데려다 주세요", certainty="unsure", rival="화장실로 데려다 주세요")
    r = dialog.handle("아니요", certainty="sure")
    assert r.intent == "unknown" and r.reply == _say("confirm_denied", "ko")
    assert [label for label, _ in r.choices][:2] == ["화장실", "여권민원실"]
    # A touch choice is an ordinary request: it acts without another question.
    chosen = dialog.handle(r.choices[0][1])
    assert (chosen.intent, chosen.place_id) == ("escort", "toilet")


def test_sure_speech_acts_without_a_question(dialog):
    r = dialog.handle("엘리베이터로 데려다 주세요", certainty="sure")
    assert (r.intent, r.place_id, r.confirm) == ("escort", "elevator", False)


def test_english_unsure_request_is_confirmed_and_answered_in_english(dialog):
    r = dialog.handle("take me to the passport office", lang="en", certainty="unsure")
    assert r.lang == "en" and r.reply == _say("confirm_escort", "en", place="Passport office")
    done = dialog.handle("yes")
    assert (done.intent, done.lang) == ("escort", "en")
    assert done.reply == _say("escort", "en", place="Passport office")


def test_english_utterance_gets_an_english_reply(dialog):
    r = dialog.handle("where is the toilet", certainty="sure")
    assert r.lang == "en" and r.intent == "find_place" and "toilet" in r.reply.lower()
