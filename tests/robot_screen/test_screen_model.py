"""Rules of the robot screen, without Qt or ROS."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from kiosk_ui.robot_screen.model import PromoCarousel, RobotScreenModel
from kiosk_ui.rosbridge import MissionUpdate


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_screen_returns_to_idle_after_30_s_without_a_touch(city_hall):
    clock = Clock()
    model = RobotScreenModel(city_hall, clock=clock)
    model.greet()
    model.open_list("places", "where")
    clock.now += 29.0
    assert not model.tick() and model.screen == "list"
    model.touch()
    clock.now += 29.0
    assert not model.tick()
    clock.now += 1.5
    assert model.tick()
    assert model.screen == "idle" and model.query == "" and model.reply == ""


def test_a_running_escort_keeps_its_screen_while_the_visitor_walks(city_hall):
    clock = Clock()
    model = RobotScreenModel(city_hall, clock=clock)
    model.greet()
    model.start_mission("escort", "toilet")
    model.on_mission_update(
        MissionUpdate(
            "escort", "feedback", phase="leading", feedback={"distance_remaining_m": 20.4}
        )
    )
    assert model.mission_text() == ("phase_leading", {})
    assert model.mission_detail() == ("distance_left", {"meters": 20})
    clock.now += 120
    assert not model.tick() and model.screen == "mission"
    model.on_mission_update(MissionUpdate("escort", "succeeded"))
    clock.now += 31
    assert model.tick() and model.screen == "idle" and model.mission is None


def test_robot_greets_a_person_who_turns_to_it_once(city_hall):
    clock = Clock()
    model = RobotScreenModel(city_hall, clock=clock)
    assert not model.on_people(0) and model.screen == "idle"
    assert model.on_people(1) and model.screen == "home"
    clock.now += 31
    assert model.tick() and model.screen == "idle"
    assert not model.on_people(1)  # still the same visitor standing there: no greeting loop
    assert not model.on_people(0)
    assert model.on_people(2)


def test_idle_cards_rotate_every_rotate_s():
    carousel = PromoCarousel(["a", "b", "c"], rotate_s=8)
    assert carousel.current(0.0) == "a"
    assert carousel.current(7.9) == "a"
    assert carousel.current(8.0) == "b"
    assert carousel.current(40.0) == "c"  # 5 steps from a: a b c a b c -> index 5 % 3 = 2
    assert PromoCarousel([], 8).current(0.0) is None


def test_documents_answer_leads_to_the_office_with_its_service_page(city_hall):
    model = RobotScreenModel(city_hall)
    model.open_list("services")
    model.set_query("등본")
    hit = model.results()[0]
    model.select("services", hit.id)
    assert model.escort_target() == "civil_documents"
    assert model.service_link() == "https://www.gov.kr"


def test_voice_question_about_a_place_opens_its_answer(city_hall):
    model = RobotScreenModel(city_hall)
    intent = SimpleNamespace(
        intent="find_place", place_id="toilet", course_id="", reply="화장실은 1층에 있어요."
    )
    model.on_intent(intent)
    assert model.screen == "detail" and model.selected.id == "toilet"
    assert model.reply == "화장실은 1층에 있어요."


def test_staff_call_progress_names_the_official_and_the_wait(city_hall):
    model = RobotScreenModel(city_hall)
    model.start_mission("call_staff", "")
    model.on_mission_update(
        MissionUpdate("call_staff", "feedback", phase="paging", feedback={"expected_wait_s": 170})
    )
    assert model.mission_text() == ("phase_paging", {})
    assert model.mission_detail() == ("wait_estimate", {"minutes": 3})
    model.on_mission_update(
        MissionUpdate(
            "call_staff", "feedback", phase="acknowledged", feedback={"staff_name": "이미자"}
        )
    )
    assert model.mission_detail() == ("staff_answered", {"name": "이미자"})


def test_officials_are_called_at_the_sites_staff_office_and_nowhere_without_one(city_hall):
    model = RobotScreenModel(city_hall)
    assert model.staff_office == city_hall.roles["staff_office"]
    assert "call_staff" in model.home_items()
    no_office = dataclasses.replace(
        city_hall, roles={k: v for k, v in city_hall.roles.items() if k != "staff_office"}
    )
    model = RobotScreenModel(no_office)
    assert model.staff_office is None
    assert "call_staff" not in model.home_items()
    assert "staff_search" in model.home_items()  # finding someone still works


def test_a_mission_update_brings_the_mission_screen_forward_but_never_wakes_idle(city_hall):
    model = RobotScreenModel(city_hall)
    model.on_mission_update(MissionUpdate("escort", "unavailable"))
    assert model.screen == "idle"
    model.greet()
    model.on_mission_update(MissionUpdate("escort", "failed"))
    assert model.screen == "mission" and model.mission_text() == ("mission_failed", {})


def test_a_low_battery_hand_off_shows_the_place_and_the_robot_on_the_map(city_hall):
    model = RobotScreenModel(city_hall, clock=Clock())
    model.greet()
    model.start_mission("escort", "passport_office")
    model.on_status(SimpleNamespace(x=3.0, y=4.0, yaw=0.5))
    model.on_mission_update(MissionUpdate("escort", "feedback", phase="leading"))
    assert model.handoff_map() is None  # leading: no map
    model.on_mission_update(MissionUpdate("escort", "feedback", phase="handoff"))
    model.on_mission_update(MissionUpdate("escort", "failed", error_code=907))
    place = city_hall.place("passport_office").source.pose
    assert model.handoff_map() == ((place.x, place.y), (3.0, 4.0, 0.5))
    assert model.mission_text() == ("phase_handoff", {})  # not the generic "sorry"
    model.on_mission_update(MissionUpdate("escort", "feedback", phase="waiting_for_visitor"))
    assert model.handoff_map() is None


def _intent(reply: str, **fields):
    base = {"intent": "unknown", "reply": reply, "lang": "ko", "place_id": "", "course_id": "",
            "choice_labels": [], "choice_utterances": []}  # fmt: skip
    return SimpleNamespace(**(base | fields))


def test_a_confirmation_shows_its_answers_and_a_touch_sends_the_chosen_words(city_hall):
    model = RobotScreenModel(city_hall, clock=Clock())
    model.greet()
    model.on_intent(_intent("여권민원실로 안내할까요?", intent="confirm",
                            place_id="passport_office", choice_labels=["네", "민원실", "아니요"],
                            choice_utterances=["네", "민원실로 안내해 주세요",
                                               "아니요"]))  # fmt: skip
    assert model.screen == "choices"
    assert model.choices.question == "여권민원실로 안내할까요?"
    assert [label for label, _ in model.choices.options] == ["네", "민원실", "아니요"]
    assert model.selected is None  # nothing is acted on or shown as chosen before the answer
    assert model.choose(7) is None and model.screen == "choices"
    assert model.choose(1) == ("민원실", "민원실로 안내해 주세요", "ko")
    assert model.screen == "home" and model.choices is None
    # the dialog's answer to the touched words then shows like any other
    model.on_intent(_intent("민원실로 안내할게요.", intent="escort", place_id="civil_documents"))
    assert model.screen == "detail" and model.selected.id == "civil_documents"


def test_a_spoken_answer_closes_the_choices_and_a_mission_update_waits_behind_them(city_hall):
    model = RobotScreenModel(city_hall, clock=Clock())
    model.start_mission("call_staff", "")
    model.on_intent(_intent("Shall I take you to the Passport office?", intent="confirm",
                            lang="en", choice_labels=["Yes", "No"],
                            choice_utterances=["yes", "no"]))  # fmt: skip
    assert model.screen == "choices" and model.choices.lang == "en"
    model.on_mission_update(MissionUpdate("call_staff", "feedback", phase="paging"))
    assert model.screen == "choices"
    model.on_intent(_intent("Follow me to the Passport office.", intent="escort",
                            lang="en", place_id="passport_office"))  # fmt: skip
    assert model.choices is None and model.screen == "detail"


def test_not_understood_offers_places_to_touch_and_idle_clears_them(city_hall):
    clock = Clock()
    model = RobotScreenModel(city_hall, clock=clock)
    model.on_intent(_intent("죄송해요, 잘 못 들었어요.", choice_labels=["화장실", "엘리베이터"],
                            choice_utterances=["화장실로 안내해 주세요",
                                               "엘리베이터로 안내해 주세요"]))  # fmt: skip
    assert model.screen == "choices"
    clock.now += 31
    assert model.tick() and model.screen == "idle" and model.choices is None
