"""With no robot running, the console opens at once, says so and still draws the map."""

from __future__ import annotations

import pytest

from kiosk_ui.modes.operator import OperatorMode

pytestmark = pytest.mark.gui


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
