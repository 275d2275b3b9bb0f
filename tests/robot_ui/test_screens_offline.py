"""With no robot running, the screens open at once and say so plainly; nothing hangs."""

from __future__ import annotations

import time

import pytest

from kiosk_ui.modes.operator import OperatorMode
from kiosk_ui.modes.robot import RobotScreenMode

pytestmark = pytest.mark.gui


@pytest.fixture
def no_robot(monkeypatch):
    # A domain nobody else in this test run uses: whatever runs elsewhere stays unheard.
    monkeypatch.setenv("ROS_DOMAIN_ID", "101")


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
        assert view.card_title.text()  # city information is there without a robot
        view._greet()
        assert view.offline_hint.isVisibleTo(view)
        view.home_buttons["where"].click()
        view.search.setText("화장실")
        view.results.itemClicked.emit(view.results.item(0))
        # touched answers are read out too (the shell's voice guidance decides whether)
        assert spoken[0] == (ctx.t("robot_screen.greeting"), "ko")
        assert spoken[-1][0].startswith("화장실. 위치: 1층")
        view.take_me.click()
        # at once, not after a timeout: the visitor must not stand and wait
        assert view.mission_text.text() == ctx.t("robot_screen.mission_unavailable")
    finally:
        mode.stop()


def test_console_without_robot_disables_commands_and_still_draws_the_map(
    qtbot, styled, ctx, no_robot
):
    mode = OperatorMode(ctx, site="city_hall")
    view = mode.build(None)
    qtbot.addWidget(view)
    mode.start()
    try:
        assert view.connection.text().startswith(ctx.t("operator.not_connected"))
        assert not view.buttons["escort"].isEnabled()
        assert not view.buttons["estop"].isEnabled()
        assert view.map.image is not None and view.map.problem == ""
        qtbot.waitUntil(lambda: mode.bridge.wait_ready(0.1), timeout=5000)
        assert not mode.model.connected
    finally:
        mode.stop()


def test_console_with_a_missing_map_shows_why_instead_of_failing(qtbot, styled, ctx, tmp_path):
    mode = OperatorMode(ctx, site="city_hall")
    view = mode.build(None)
    qtbot.addWidget(view)
    view.map.load(tmp_path / "city_hall.yaml")
    view.refresh()
    assert view.map.image is None
    assert "city_hall.yaml" in view.map.message
    view.map.grab()  # painting the message must work too
