"""Behaviour of the dialog engine a visitor would notice."""

from __future__ import annotations

import datetime as dt

import pytest
from concierge_dialog.engine import CONVERSATION_TIMEOUT_S


def test_passport_question_in_korean_names_floor_and_offers_escort(city):
    r = city.handle("여권 만들려면 어디로 가야 돼요?")
    assert (r.intent, r.place_id, r.lang) == ("find_place", "passport_office", "ko")
    assert "1층" in r.reply and "여권민원실" in r.reply and "안내해 드릴까요" in r.reply


def test_english_question_gets_english_reply(city):
    r = city.handle("Where is the passport office?")
    assert (r.intent, r.place_id, r.lang) == ("find_place", "passport_office", "en")
    assert "Passport office" in r.reply and "floor 1" in r.reply


@pytest.mark.parametrize(
    "text", ["여권과", "여권 만드는 데", "passport", "여건과 어디", "여 권 과"]
)
def test_colloquial_and_misrecognised_forms_find_the_passport_office(city, text):
    assert city.handle(text).place_id == "passport_office"


@pytest.mark.parametrize(
    ("text", "place"),
    [("엘베 안내 해 주세요", "elevator"), ("엘베로 안내해 주세요", "elevator"),
     ("안내 데스크로 안내해 주세요", "information_desk")],
)  # fmt: skip
def test_a_short_name_beats_the_verb_guide_and_keeps_its_particle(city, text, place):
    # "안내 해" is the verb "guide", not the information desk (also written as two words);
    # "엘베로" is the short name with a particle the analyser did not split off.
    r = city.handle(text)
    assert (r.intent, r.place_id) == ("escort", place)


def test_follow_up_there_refers_to_the_place_asked_about(city):
    city.handle("화장실 어디예요", now=100.0)
    r = city.handle("거기로 데려다 주세요", now=105.0)
    assert (r.intent, r.place_id) == ("escort", "toilet")


def test_yes_after_offer_starts_the_escort(city):
    city.handle("세무과 어디예요", now=0.0)
    r = city.handle("네 부탁해요", now=3.0)
    assert (r.intent, r.place_id) == ("escort", "tax_office")


def test_thirty_seconds_of_silence_forget_the_conversation(city):
    first = city.handle("화장실 어디예요", now=100.0)
    r = city.handle("거기로 데려다 주세요", now=100.0 + CONVERSATION_TIMEOUT_S + 1)
    assert r.intent == "escort" and r.place_id is None
    assert "어디로" in r.reply
    assert r.conversation_id != first.conversation_id


def test_calling_saebit_pages_the_veteran_on_duty(city):
    monday = dt.date(2026, 11, 23)
    r = city.handle("새빛민원실 좀 불러 주세요", today=monday)
    assert (r.intent, r.staff_id, r.place_id) == ("call_staff", "kim_youngsoo", "saebit_office")
    tuesday = dt.date(2026, 11, 24)
    assert city.handle("새빛민원실 좀 불러 주세요", today=tuesday).staff_id == "lee_mija"


def test_documents_needed_lists_the_documents_from_content(city):
    r = city.handle("여권 만들려면 뭐 가져가야 돼요")
    assert (r.intent, r.place_id) == ("documents_needed", "passport_office")
    assert "신분증" in r.reply and "사진" in r.reply


def test_staff_search_by_duty_gives_extension(city):
    r = city.handle("세금 담당자 누구예요")
    assert (r.intent, r.staff_id) == ("find_staff", "kang_eunji")
    assert "2301" in r.reply


@pytest.mark.parametrize(
    "text", ["", "   ", "ㅋㅋㅋㅋ", "!!!???", "a" * 5000, "\x00\x01", "12345"]
)
def test_garbled_input_is_unknown_with_helpful_reply_never_an_error(city, text):
    r = city.handle(text)
    assert r.intent == "unknown"
    assert r.reply


def test_clarifying_question_only_when_two_places_are_really_close(city):
    # A longer, more specific name wins without asking back ("민원실" inside "새빛민원실") ...
    assert city.handle("새빛민원실 어디예요").place_id == "saebit_office"
    # ... but two places named equally strongly make the robot ask which one is meant ...
    r = city.handle("엘베 계단 어디 있어요")
    assert r.intent == "find_place" and r.place_id is None
    assert "아니면" in r.reply
    # ... and the answer picks among the two.
    assert city.handle("계단이요").place_id == "stairs"


def test_tour_recommendation_fits_time_interest_and_season(arboretum):
    spring = dt.date(2026, 5, 1)
    r = arboretum.handle("애들이랑 한 시간 있어요 코스 추천해 주세요", today=spring)
    assert (r.intent, r.time_available_min, r.interest) == ("tour_recommend", 60, "kids")
    assert r.course_id == "family_discovery"
    winter = dt.date(2026, 1, 10)
    r = arboretum.handle("40분 정도 코스 추천", today=winter)
    assert r.course_id == "winter_greenhouse"


@pytest.mark.parametrize(
    "text,action",
    [
        ("잠깐 멈춰 주세요", "pause"),
        ("계속 가요", "resume"),
        ("다음 장소로 가요", "skip"),
        ("다시 말해 주세요", "repeat"),
        ("투어 그만할래요", "end"),
        ("skip this one", "skip"),
    ],
)
def test_tour_control_actions(arboretum, text, action):
    r = arboretum.handle(text)
    assert (r.intent, r.action) == ("tour_control", action)


def test_city_hall_has_no_tour_control(city):
    assert city.handle("다음").intent != "tour_control"
