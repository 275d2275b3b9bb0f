"""With no robot running, the robot screen opens at once and says so plainly; nothing hangs."""

from __future__ import annotations

import time

import pytest

from kiosk_ui.modes.robot import RobotScreenMode

pytestmark = pytest.mark.gui


def test_robot_screen_without_robot_says_not_connected_and_refuses_to_guide(
    qtbot, styled, ctx, no_robot
):
    spoken: list[tuple[str, str]] = []
    ctx.speak = lambda text, lang: spoken.append((text, lang))
    mode = RobotScreenMode(ctx, site="city_hall")
    started = time.monotonic()
    view = mode.build(None)
    qtbot.addWidget(view)
    mode.start()
    try:
        assert time.monotonic() - started < 5.0  # never waits for ROS (its server wait is 2 s)
        assert view.connection.text() == ctx.t("robot_screen.not_connected")
        assert view.stack.currentWidget() is view.idle_page
        assert view.idle_page.card_title.text()  # city information is there without a robot
        view.greet()
        assert view.offline_hint.isVisibleTo(view)
        view.home_page.buttons["where"].click()
        view.list_page.search.setText("화장실")
        view.list_page.results.itemClicked.emit(view.list_page.results.item(0))
        # touched answers are read out too (the shell's voice guidance decides whether)
        assert spoken[0] == (ctx.t("robot_screen.greeting"), "ko")
        assert spoken[-1][0].startswith("화장실. 위치: 1층")
        view.detail_page.take_me.click()
        # at once, not after a timeout: the visitor must not stand and wait
        assert view.mission_page.text.text() == ctx.t("robot_screen.mission_unavailable")
    finally:
        mode.stop()
