"""Every robot-screen page inside the real kiosk shell, normal and large text, ko and en:
nothing clipped, nothing taller than the 800 px screen (ROBOT_UI_SHOTS=DIR saves the PNGs)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from robot_ui_support import shoot

from kiosk_ui.rosbridge import MissionUpdate

pytestmark = pytest.mark.gui


def open_robot_screen(win, monkeypatch, site: str):
    """The shell's robot mode for `site`: its view and model."""
    monkeypatch.setenv("CONCIERGE_SITE", site)
    mode = win.open_mode("robot")
    return mode.view, mode.model


def test_robot_screens_fit_in_both_text_sizes(qtbot, shell, monkeypatch):
    win, size = shell
    view, model = open_robot_screen(win, monkeypatch, "city_hall")
    problems: list[str] = []
    for lang in ("ko", "en"):
        win.set_lang(lang)
        model.reset()
        view.refresh()
        shoot(qtbot, win, f"robot_idle_{lang}_{size}", problems)
        view.greet()
        shoot(qtbot, win, f"robot_home_{lang}_{size}", problems)
    win.set_lang("ko")
    model.reset()
    model.carousel.index = 2  # a card with a QR code to the city's page
    view.refresh()
    shoot(qtbot, win, f"robot_idle_card_qr_{size}", problems)
    view.greet()
    view.home_page.buttons["where"].click()
    view.list_page.search.setText("여권")
    shoot(qtbot, win, f"robot_places_{size}", problems)
    view.list_page.results.itemClicked.emit(view.list_page.results.item(0))
    shoot(qtbot, win, f"robot_place_answer_{size}", problems)
    view.back()
    view.back()
    view.home_page.buttons["documents"].click()
    view.list_page.results.itemClicked.emit(view.list_page.results.item(0))
    shoot(qtbot, win, f"robot_documents_{size}", problems)
    view.start_over()
    view.home_page.buttons["staff_search"].click()
    view.list_page.search.setText("새빛")
    shoot(qtbot, win, f"robot_staff_{size}", problems)
    model.start_mission("call_staff", "")
    model.on_mission_update(
        MissionUpdate("call_staff", "feedback", phase="paging", feedback={"expected_wait_s": 180})
    )
    view.refresh()
    shoot(qtbot, win, f"robot_call_staff_{size}", problems)
    # a low-battery hand-off: the place and the robot on the site map
    model.start_mission("escort", "passport_office")
    home = model.content.place("information_desk").source.pose
    model.on_status(SimpleNamespace(x=home.x, y=home.y, yaw=home.yaw))
    model.on_mission_update(MissionUpdate("escort", "feedback", phase="handoff"))
    view.refresh()
    assert view.mission_page.map.isVisible()
    shoot(qtbot, win, f"robot_escort_handoff_{size}", problems)
    assert not problems, "\n".join(problems)


def test_confirmation_with_touch_answers_fits_in_both_text_sizes(qtbot, shell, monkeypatch):
    win, size = shell
    view, model = open_robot_screen(win, monkeypatch, "city_hall")
    problems: list[str] = []
    for name, lang, question, labels in (
        ("confirm_ko", "ko", "여권민원실로 안내할까요?", ["네", "민원여권과", "아니요"]),
        ("confirm_en", "en", "Shall I take you to the Passport office?",
         ["Yes", "Civil documents", "No"]),
        ("not_heard_ko", "ko",
         "죄송해요, 잘 못 들었어요. 한 번 더 말씀해 주시거나 아래에서 골라 주세요.",
         ["정문", "안내 데스크", "새빛민원실", "여권민원실"]),
    ):  # fmt: skip
        win.set_lang(lang)
        view.greet()
        view._intent(SimpleNamespace(intent="confirm", reply=question, lang=lang, place_id="",
                                     course_id="", choice_labels=labels,
                                     choice_utterances=labels))  # fmt: skip
        assert view.stack.currentWidget() is view.choices_page
        assert [b.text() for b in view.choices_page.buttons] == labels
        shoot(qtbot, win, f"robot_{name}_{size}", problems)
    assert not problems, "\n".join(problems)


def test_arboretum_screens_fit_in_both_text_sizes(qtbot, shell, monkeypatch):
    win, size = shell
    view, model = open_robot_screen(win, monkeypatch, "arboretum")
    problems: list[str] = []
    view.greet()
    shoot(qtbot, win, f"arboretum_home_{size}", problems)
    view.home_page.buttons["courses"].click()
    shoot(qtbot, win, f"arboretum_courses_{size}", problems)
    view.list_page.results.itemClicked.emit(view.list_page.results.item(0))
    shoot(qtbot, win, f"arboretum_course_{size}", problems)
    model.start_mission("tour", model.selected.id)
    model.on_mission_update(
        MissionUpdate(
            "tour", "feedback", phase="narrating", feedback={"stop_index": 1, "stop_count": 3}
        )
    )
    view.refresh()
    shoot(qtbot, win, f"arboretum_tour_{size}", problems)
    assert not problems, "\n".join(problems)
