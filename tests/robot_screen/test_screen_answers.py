"""What the robot screen says about floors, hours, places and missions (no Qt)."""

from __future__ import annotations

from types import SimpleNamespace

from concierge_content.i18n import load_strings

from kiosk_ui.robot_screen import answers
from kiosk_ui.robot_screen.model import RobotScreenModel
from kiosk_ui.rosbridge import MissionUpdate


def t(key: str, **fmt) -> str:
    return load_strings().t(key, "ko", **fmt)


def test_floors_and_hours_read_as_the_robot_says_them():
    hours = {"weekdays": "09:00-18:00", "sat": "closed"}
    place = SimpleNamespace(floor="B1", counter=None, hours=hours)
    lines = answers.place_lines(place, t, "ko")
    assert "지하 1층" in lines[0]
    assert any("평일 09:00-18:00" in line and "토요일 휴무" in line for line in lines), lines


def test_a_place_answer_gives_floor_counter_and_hours(city_hall):
    model = RobotScreenModel(city_hall)
    model.select("places", "passport_office")
    lines = answers.answer_lines(model, t, "ko")
    assert lines[0] == "위치: 1층"
    assert any("09:00-18:00" in line for line in lines)


def test_an_escort_reads_the_place_name_and_the_distance_left(city_hall):
    model = RobotScreenModel(city_hall)
    model.greet()
    model.start_mission("escort", "passport_office")
    model.on_mission_update(
        MissionUpdate("escort", "feedback", phase="leading", feedback={"distance_remaining_m": 20})
    )
    text, detail = answers.mission_lines(model, t, "ko")
    assert text == t("robot_screen.phase_leading")
    assert detail == "여권민원실까지 20 m 남았어요."
