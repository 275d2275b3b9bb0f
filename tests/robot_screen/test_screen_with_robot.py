"""The robot screen against a real (tiny) ROS node over DDS (tests/robot_ui_support.py)."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt

from kiosk_ui.modes.robot import RobotScreenMode

pytestmark = pytest.mark.gui
WAIT_MS = 15000  # DDS discovery plus the 2 s server wait, on a busy 2-core machine


@pytest.fixture
def screen(qtbot, styled, ctx, robot):
    mode = RobotScreenMode(ctx, site="city_hall")
    view = mode.build(None)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    mode.start()
    qtbot.waitUntil(lambda: mode.model.connected, timeout=WAIT_MS)
    yield mode
    mode.stop()


def test_screen_shows_connected_when_robot_status_arrives_and_again_after_reopening(qtbot, screen):
    assert screen.view.connection.text() == screen.ctx.t("robot_screen.connected")
    screen.stop()  # the shell stops a mode when another one opens
    assert screen.view.connection.text() == screen.ctx.t("robot_screen.not_connected")
    screen.start()
    qtbot.waitUntil(lambda: screen.model.connected, timeout=WAIT_MS)


def test_idle_screen_greets_a_visitor_who_turns_to_the_robot(qtbot, screen, robot):
    view = screen.view
    assert view.stack.currentWidget() is view.idle_page
    robot.people(engaged=False)

    def greeted() -> bool:  # /people is a stream (10-50 Hz in sim): keep publishing
        robot.people(engaged=True)
        return view.stack.currentWidget() is view.home_page

    qtbot.waitUntil(greeted, timeout=WAIT_MS)
    assert view.home_page.greeting.text() == screen.ctx.t("robot_screen.greeting")


def test_take_me_there_sends_escort_and_shows_arrival(qtbot, screen, robot):
    view = screen.view
    view.greet()
    view.home_page.buttons["where"].click()
    view.list_page.search.setText("여권")
    row = view.list_page.results.item(0)
    assert "여권민원실" in row.text()
    view.list_page.results.itemClicked.emit(row)
    assert "09:00-18:00" in view.detail_page.body.text()
    view.detail_page.take_me.click()
    qtbot.waitUntil(lambda: bool(robot.goals), timeout=WAIT_MS)
    kind, goal = robot.goals[-1]
    assert (kind, goal["place_id"], goal["lang"]) == ("escort", "passport_office", "ko")
    done = screen.ctx.t("robot_screen.mission_succeeded")
    qtbot.waitUntil(lambda: view.mission_page.text.text() == done, timeout=WAIT_MS)


def test_call_veteran_official_shows_who_answered(qtbot, screen, robot):
    view = screen.view
    view.greet()
    view.home_page.buttons["call_staff"].click()
    qtbot.waitUntil(lambda: bool(robot.goals), timeout=WAIT_MS)
    assert [k for k, _ in robot.goals] == ["call_staff"], robot.goals
    kind, goal = robot.goals[-1]
    assert (kind, goal["office_id"], goal["escort_to_counter"]) == (
        "call_staff",
        "saebit_office",
        True,
    )
    qtbot.waitUntil(lambda: "이미자" in view.mission_page.detail.text(), timeout=WAIT_MS)
    done = screen.ctx.t("robot_screen.mission_succeeded")
    qtbot.waitUntil(lambda: view.mission_page.text.text() == done, timeout=WAIT_MS)


def test_robot_reply_and_place_from_voice_appear_on_screen(qtbot, screen, robot):
    robot.say("여권민원실은 1층 1-3번 창구예요.", place_id="passport_office")
    view = screen.view
    qtbot.waitUntil(lambda: "1-3번 창구예요" in view.reply.text(), timeout=WAIT_MS)
    assert view.stack.currentWidget() is view.detail_page
    assert view.detail_page.title.text() == "여권민원실"


def test_typed_question_goes_to_the_dialog_and_its_answer_appears(qtbot, screen, robot):
    view = screen.view
    view.greet()
    view.home_page.ask_box.setText(
        "  주차   요금은? "
    )  # QTest cannot type Hangul: set the text, press Enter
    qtbot.keyClick(view.home_page.ask_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(robot.heard), timeout=WAIT_MS)
    assert robot.heard == [("주차 요금은?", "ko", "text")]
    qtbot.waitUntil(lambda: view.reply.text() == "답변: 주차 요금은?", timeout=WAIT_MS)
    assert view.home_page.ask_box.text() == ""


def test_tour_controls_reach_mission_control(qtbot, styled, ctx, robot):
    robot.status.site = "arboretum"
    mode = RobotScreenMode(ctx, site="arboretum")
    view = mode.build(None)
    qtbot.addWidget(view)
    mode.start()
    try:
        qtbot.waitUntil(lambda: mode.model.connected, timeout=WAIT_MS)
        view.greet()
        view.home_page.buttons["courses"].click()
        view.list_page.results.itemClicked.emit(view.list_page.results.item(0))
        view.detail_page.start_tour.click()
        tour = view.mission_page.tour_buttons
        qtbot.waitUntil(lambda: tour["pause"].isVisibleTo(view), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "1 / 3" in view.mission_page.detail.text(), timeout=WAIT_MS)
        tour["pause"].click()
        qtbot.waitUntil(lambda: robot.controls == ["pause"], timeout=WAIT_MS)
        tour["skip"].click()  # the fake robot refuses: the visitor must see why
        qtbot.waitUntil(lambda: "nothing to skip" in view.reply.text(), timeout=WAIT_MS)
        tour["end"].click()
        finished = ctx.t("robot_screen.mission_succeeded")
        qtbot.waitUntil(lambda: view.mission_page.text.text() == finished, timeout=WAIT_MS)
        assert robot.controls == ["pause", "skip", "end"]
        assert robot.goals[-1][0] == "tour"
    finally:
        mode.stop()


def test_touching_an_answer_to_a_confirmation_sends_it_as_the_visitors_words(qtbot, screen, robot):
    view = screen.view
    view.greet()
    robot.ask_back("여권민원실로 안내할까요?", ["네", "민원실", "아니요"],
                   ["네", "민원실로 안내해 주세요", "아니요"])  # fmt: skip
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.choices_page, timeout=WAIT_MS)
    page = view.choices_page
    assert page.question.text() == "여권민원실로 안내할까요?"
    assert [b.text() for b in page.buttons] == ["네", "민원실", "아니요"]
    assert all(b.height() >= screen.ctx.accessibility.min_touch_px for b in page.buttons)
    qtbot.mouseClick(page.buttons[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(robot.heard), timeout=WAIT_MS)
    assert robot.heard == [("민원실로 안내해 주세요", "ko", "touch")]
    qtbot.waitUntil(lambda: view.reply.text() == "답변: 민원실로 안내해 주세요", timeout=WAIT_MS)
    assert view.stack.currentWidget() is view.home_page


def test_the_screens_language_is_the_one_the_robot_listens_for(qtbot, screen, robot):
    qtbot.waitUntil(lambda: robot.languages[-1:] == ["ko"], timeout=WAIT_MS)
    screen.ctx.lang = "en"  # the visitor pressed "English" (the shell then refreshes the mode)
    screen.apply_settings()
    qtbot.waitUntil(lambda: robot.languages[-1:] == ["en"], timeout=WAIT_MS)
