"""Rules of the robot screen and the operator console, without Qt or ROS."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from concierge_content.i18n import load_strings

from kiosk_ui.modes.operator import (
    EMERGENCY_STOP,
    IDLE,
    PAUSED,
    WORKING,
    ConsoleModel,
    MapGeometry,
    PagerInbox,
    map_yaml_path,
)
from kiosk_ui.modes.robot import (
    PromoCarousel,
    RobotScreenModel,
    SiteContent,
    floor_text,
    hours_text,
    search,
)
from kiosk_ui.rosbridge import MissionUpdate


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def city_hall() -> SiteContent:
    content = SiteContent.load("city_hall")
    assert content.problems == []
    return content


def t(key: str, **fmt) -> str:
    return load_strings().t(key, "ko", **fmt)


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


def test_place_search_matches_aliases_ignoring_spaces_and_case(city_hall):
    assert search(city_hall.places, "여권")[0].id == "passport_office"
    assert search(city_hall.places, "PASSPORT")[0].id == "passport_office"
    assert search(city_hall.places, "화 장 실")[0].id == "toilet"
    assert search(city_hall.places, "없는곳xyz") == []
    assert "charging_dock" not in {p.id for p in city_hall.places}  # not a visitor's place


def test_floors_and_hours_read_naturally():
    assert floor_text("1F", t) == "1층"
    assert floor_text("B1", t) == "지하 1층"
    assert floor_text(-2, t) == "지하 2층"
    assert floor_text("", t) == ""
    assert hours_text({"weekdays": "09:00-18:00", "sat": "closed"}, "ko", t) == (
        "평일 09:00-18:00 · 토요일 휴무"
    )


def test_documents_answer_leads_to_the_office_with_its_service_page(city_hall):
    model = RobotScreenModel(city_hall)
    model.open_list("services")
    model.query = "등본"
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


def test_pager_inbox_keeps_bad_messages_visible_and_drops_nothing():
    inbox = PagerInbox()
    with pytest.raises(ValueError, match="bad staff page"):
        inbox.add("{not json")
    with pytest.raises(ValueError, match="no page_id"):
        inbox.add(json.dumps({"office_id": "saebit_office"}))
    assert len(inbox.rejected) == 2
    inbox.add(json.dumps({"page_id": "a", "level": 0, "created": 1.0, "reason": "x"}))
    inbox.add(json.dumps({"page_id": "b", "level": 0, "created": 2.0}))
    inbox.add(json.dumps({"page_id": "a", "level": 2, "created": 1.0, "reason": "x"}))
    assert [p.page_id for p in inbox.pending()] == ["a", "b"]  # escalated first
    inbox.answering("a", True)
    inbox.answered("a", success=False)  # the pager said no: keep it to try again
    assert inbox.pages["a"].pending_answer is None
    inbox.answered("a", success=True)
    assert list(inbox.pages) == ["b"]
    # answered elsewhere (the HTTP endpoint, another console): gone from the waiting list
    inbox.add(json.dumps({"page_id": "b", "level": 0, "created": 2.0, "acked_by": "lee_mija"}))
    assert inbox.pages == {}


def _status(state: int, **kw):
    base = dict(
        robot_name="r",
        site="city_hall",
        state=state,
        state_text="",
        docked=False,
        task_id="",
        task_type="",
        task_state="",
        task_detail="",
        task_progress=0.0,
        battery_percent=50.0,
        errors=[],
        x=0.0,
        y=0.0,
        yaw=0.0,
    )
    base.update(kw)
    return SimpleNamespace(**base)


def test_console_buttons_follow_the_robot_state_and_estop_always_wins():
    model = ConsoleModel("city_hall")
    assert not any(model.commands().values())  # not connected: nothing pretends to work
    model.connected = True
    model.on_status(_status(IDLE, docked=True))
    c = model.commands()
    assert c["go_to_place"] and c["estop"] and not c["pause"] and not c["dock"]
    model.on_status(_status(WORKING, task_id="t", task_state="underway"))
    c = model.commands()
    assert c["pause"] and c["cancel"] and c["estop"] and not c["resume"]
    model.on_status(_status(PAUSED, task_id="t", task_state="paused"))
    assert model.commands()["resume"] and not model.commands()["pause"]
    model.on_status(_status(EMERGENCY_STOP))
    c = model.commands()
    assert c["release_estop"] and not c["estop"] and not c["go_to_place"]


def test_map_pixels_and_metres_agree_and_bad_maps_say_why(tmp_path):
    geo = MapGeometry.load(map_yaml_path("city_hall"))
    geo.height_px = 800
    px, py = geo.to_pixel(12.5, 7.25)
    assert geo.to_world(px, py) == pytest.approx((12.5, 7.25))
    (tmp_path / "m.yaml").write_text("image: m.pgm\nresolution: 0.05\norigin: [0, 0, 0]\n")
    with pytest.raises(ValueError, match="m.pgm is missing"):
        MapGeometry.load(tmp_path / "m.yaml")
    (tmp_path / "n.yaml").write_text("image: n.pgm\n")
    with pytest.raises(ValueError, match="needs image, resolution and origin"):
        MapGeometry.load(tmp_path / "n.yaml")
    with pytest.raises(ValueError, match="nowhere.yaml"):
        MapGeometry.load(tmp_path / "nowhere.yaml")
