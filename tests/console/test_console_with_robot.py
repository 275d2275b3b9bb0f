"""The operator console against a real (tiny) ROS node over DDS (tests/robot_ui_support.py)."""

from __future__ import annotations

import pytest

from kiosk_ui.modes.operator import OperatorMode

pytestmark = pytest.mark.gui
WAIT_MS = 15000  # DDS discovery plus the 2 s server wait, on a busy 2-core machine


def test_console_shows_state_and_sends_estop_and_page_answers(qtbot, styled, ctx, robot):
    robot.status.state, robot.status.state_text = 1, "working"
    robot.status.task_id, robot.status.task_type = "t1", "escort"
    robot.status.task_state, robot.status.task_detail = "underway", "to passport_office, 12 m"
    robot.status.task_target, robot.status.task_phase = "passport_office", "leading"
    robot.status.distance_remaining_m = 12.0
    mode = OperatorMode(ctx, site="city_hall")
    view = mode.build(None)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    mode.start()
    try:
        qtbot.waitUntil(lambda: mode.model.connected, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "12.0 m" in view.state_lines["detail"].text(), timeout=WAIT_MS)
        detail = view.state_lines["detail"].text()  # in Korean, never the robot's English line
        assert ctx.t("operator.phase_leading") in detail and "to passport_office" not in detail
        assert ctx.t("operator.task_type_escort") in view.state_lines["task"].text()
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
        robot.status.task_id = robot.status.task_target = robot.status.task_phase = ""
        robot.status.distance_remaining_m = 0.0
