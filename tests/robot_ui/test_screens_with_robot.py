"""The robot screen and the operator console against a real (tiny) ROS node over DDS."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt

from kiosk_ui.modes.operator import OperatorMode
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
    assert view.greeting.text() == screen.ctx.t("robot_screen.greeting")


def test_take_me_there_sends_escort_and_shows_arrival(qtbot, screen, robot):
    view = screen.view
    view._greet()
    view.home_buttons["where"].click()
    view.search.setText("여권")
    row = view.results.item(0)
    assert "여권민원실" in row.text()
    view.results.itemClicked.emit(row)
    assert "09:00-18:00" in view.detail_body.text()
    view.take_me.click()
    qtbot.waitUntil(lambda: bool(robot.goals), timeout=WAIT_MS)
    kind, goal = robot.goals[-1]
    assert (kind, goal["place_id"], goal["lang"]) == ("escort", "passport_office", "ko")
    done = screen.ctx.t("robot_screen.mission_succeeded")
    qtbot.waitUntil(lambda: view.mission_text.text() == done, timeout=WAIT_MS)


def test_call_veteran_official_shows_who_answered(qtbot, screen, robot):
    view = screen.view
    view._greet()
    view.home_buttons["call_staff"].click()
    qtbot.waitUntil(lambda: bool(robot.goals), timeout=WAIT_MS)
    assert [k for k, _ in robot.goals] == ["call_staff"], robot.goals
    kind, goal = robot.goals[-1]
    assert (kind, goal["office_id"], goal["escort_to_counter"]) == (
        "call_staff",
        "saebit_office",
        True,
    )
    qtbot.waitUntil(lambda: "이미자" in view.mission_detail.text(), timeout=WAIT_MS)
    done = screen.ctx.t("robot_screen.mission_succeeded")
    qtbot.waitUntil(lambda: view.mission_text.text() == done, timeout=WAIT_MS)


def test_robot_reply_and_place_from_voice_appear_on_screen(qtbot, screen, robot):
    robot.say("여권민원실은 1층 1-3번 창구예요.", place_id="passport_office")
    view = screen.view
    qtbot.waitUntil(lambda: "1-3번 창구예요" in view.reply.text(), timeout=WAIT_MS)
    assert view.stack.currentWidget() is view.detail_page
    assert view.detail_title.text() == "여권민원실"


def test_typed_question_goes_to_the_dialog_and_its_answer_appears(qtbot, screen, robot):
    view = screen.view
    view._greet()
    view.ask_box.setText(
        "  주차   요금은? "
    )  # QTest cannot type Hangul: set the text, press Enter
    qtbot.keyClick(view.ask_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(robot.heard), timeout=WAIT_MS)
    assert robot.heard == [("주차 요금은?", "ko", "text")]
    qtbot.waitUntil(lambda: view.reply.text() == "답변: 주차 요금은?", timeout=WAIT_MS)
    assert view.ask_box.text() == ""


def test_tour_controls_reach_mission_control(qtbot, styled, ctx, robot):
    robot.status.site = "arboretum"
    mode = RobotScreenMode(ctx, site="arboretum")
    view = mode.build(None)
    qtbot.addWidget(view)
    mode.start()
    try:
        qtbot.waitUntil(lambda: mode.model.connected, timeout=WAIT_MS)
        view._greet()
        view.home_buttons["courses"].click()
        view.results.itemClicked.emit(view.results.item(0))
        view.start_tour.click()
        qtbot.waitUntil(lambda: view.tour_buttons["pause"].isVisibleTo(view), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "1 / 3" in view.mission_detail.text(), timeout=WAIT_MS)
        view.tour_buttons["pause"].click()
        qtbot.waitUntil(lambda: robot.controls == ["pause"], timeout=WAIT_MS)
        view.tour_buttons["skip"].click()  # the fake robot refuses: the visitor must see why
        qtbot.waitUntil(lambda: "nothing to skip" in view.reply.text(), timeout=WAIT_MS)
        view.tour_buttons["end"].click()
        finished = ctx.t("robot_screen.mission_succeeded")
        qtbot.waitUntil(lambda: view.mission_text.text() == finished, timeout=WAIT_MS)
        assert robot.controls == ["pause", "skip", "end"]
        assert robot.goals[-1][0] == "tour"
    finally:
        mode.stop()


def test_console_shows_state_and_sends_estop_and_page_answers(qtbot, styled, ctx, robot):
    robot.status.state, robot.status.state_text = 1, "working"
    robot.status.task_id, robot.status.task_type = "t1", "escort"
    robot.status.task_state, robot.status.task_detail = "underway", "to passport_office, 12 m"
    mode = OperatorMode(ctx, site="city_hall")
    view = mode.build(None)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    mode.start()
    try:
        qtbot.waitUntil(lambda: mode.model.connected, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "12 m" in view.state_lines["detail"].text(), timeout=WAIT_MS)
        assert "87%" in view.state_lines["battery"].text()
        assert view.buttons["pause"].isEnabled() and not view.buttons["resume"].isEnabled()
        view.buttons["estop"].click()
        qtbot.waitUntil(lambda: robot.controls == ["estop"], timeout=WAIT_MS)

        robot.page(
            page_id="pg7",
            office_id="saebit_office",
            staff_id="lee_mija",
            reason="서류 상담",
            level=1,
            created=1764000000,
        )
        qtbot.waitUntil(lambda: "pg7" in mode.model.inbox.pages, timeout=WAIT_MS)
        view.pages.setCurrentRow(0)
        assert "서류 상담" in view.pages.item(0).text()
        view.buttons["accept"].click()
        qtbot.waitUntil(lambda: robot.acks == [("pg7", "lee_mija", True)], timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "pg7" not in mode.model.inbox.pages, timeout=WAIT_MS)
    finally:
        mode.stop()
        robot.status.task_id = ""
