"""The operator console inside the real kiosk shell, normal and large text: nothing clipped,
nothing taller than the 800 px screen (ROBOT_UI_SHOTS=DIR saves the PNGs)."""

from __future__ import annotations

import pytest
from robot_ui_support import shoot

pytestmark = pytest.mark.gui


def test_console_fits_in_both_text_sizes(qtbot, shell, monkeypatch):
    win, size = shell
    monkeypatch.setenv("CONCIERGE_SITE", "city_hall")
    win.open_mode("operator")
    problems: list[str] = []
    shoot(qtbot, win, f"console_{size}", problems)
    assert not problems, "\n".join(problems)
