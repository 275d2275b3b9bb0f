"""Every robot-UI screen inside the real kiosk shell, normal and large text: nothing clipped.

ROBOT_UI_SHOTS=docs/screenshots/robot_ui pytest tests/robot_ui/test_screenshots.py also saves
each screen as a PNG there (look at them for clipped or tofu Korean text).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PyQt6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk_ui.modes.base import Accessibility
from kiosk_ui.rosbridge import MissionUpdate

pytestmark = pytest.mark.gui
SHOTS = os.environ.get("ROBOT_UI_SHOTS")


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons whose text does not fit their box."""
    problems = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 1:
            continue
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.wordWrap():
                if w.heightForWidth(w.width()) > w.height() + 2:
                    problems.append(f"{w.objectName() or w.text()[:20]}: too low")
            elif w.sizeHint().width() > w.width() + 2:
                problems.append(f"{w.objectName() or w.text()[:20]}: too narrow")
        elif isinstance(w, QAbstractButton) and w.text():
            need = w.fontMetrics().horizontalAdvance(w.text())
            if need > w.width() - 8:
                problems.append(f"{w.objectName()} '{w.text()}': {need}px in {w.width()}px")
    return problems


@pytest.fixture(params=[False, True], ids=["normal", "large"])
def shell(request, qtbot, monkeypatch, tmp_path):
    from kiosk_ui.app import KioskWindow, ShellConfig

    monkeypatch.setenv("ROS_DOMAIN_ID", "101")  # no robot: the shots show the offline state
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path))
    config = ShellConfig(
        fullscreen=False,
        accessibility=Accessibility(large_text=request.param, voice_guidance=False),
    )
    win = KioskWindow(config)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win, ("large" if request.param else "normal")
    win.shutdown()


def _shoot(qtbot, win, name: str, problems: list[str]) -> None:
    qtbot.wait(30)  # let the layout settle (no condition to wait on: it is one event loop pass)
    problems += [f"{name}: {p}" for p in clipped(win)]
    if win.height() > 800:
        problems.append(f"{name}: the 800 px screen is {win.height()} px high")
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        win.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_robot_screens_fit_in_both_text_sizes(qtbot, shell, monkeypatch):
    win, size = shell
    monkeypatch.setenv("CONCIERGE_SITE", "city_hall")
    mode = win.open_mode("robot")
    view, model = mode.view, mode.model
    problems: list[str] = []
    for lang in ("ko", "en"):
        win.set_lang(lang)
        model.reset()
        view.refresh()
        _shoot(qtbot, win, f"robot_idle_{lang}_{size}", problems)
        view._greet()
        _shoot(qtbot, win, f"robot_home_{lang}_{size}", problems)
    win.set_lang("ko")
    model.reset()
    model.carousel.index = 2  # a card with a QR code to the city's page
    view.refresh()
    _shoot(qtbot, win, f"robot_idle_card_qr_{size}", problems)
    view._greet()
    view.home_buttons["where"].click()
    view.search.setText("여권")
    _shoot(qtbot, win, f"robot_places_{size}", problems)
    view.results.itemClicked.emit(view.results.item(0))
    _shoot(qtbot, win, f"robot_place_answer_{size}", problems)
    view._back()
    view._back()
    view.home_buttons["documents"].click()
    view.results.itemClicked.emit(view.results.item(0))
    _shoot(qtbot, win, f"robot_documents_{size}", problems)
    view._start_over()
    view.home_buttons["staff_search"].click()
    view.search.setText("새빛")
    _shoot(qtbot, win, f"robot_staff_{size}", problems)
    model.start_mission("call_staff", "")
    model.on_mission_update(
        MissionUpdate("call_staff", "feedback", phase="paging", feedback={"expected_wait_s": 180})
    )
    view.refresh()
    _shoot(qtbot, win, f"robot_call_staff_{size}", problems)
    assert not problems, "\n".join(problems)


def test_arboretum_and_console_fit_in_both_text_sizes(qtbot, shell, monkeypatch):
    win, size = shell
    monkeypatch.setenv("CONCIERGE_SITE", "arboretum")
    mode = win.open_mode("robot")
    view, model = mode.view, mode.model
    problems: list[str] = []
    view._greet()
    _shoot(qtbot, win, f"arboretum_home_{size}", problems)
    view.home_buttons["courses"].click()
    _shoot(qtbot, win, f"arboretum_courses_{size}", problems)
    view.results.itemClicked.emit(view.results.item(0))
    _shoot(qtbot, win, f"arboretum_course_{size}", problems)
    model.start_mission("tour", model.selected.id)
    model.on_mission_update(
        MissionUpdate(
            "tour", "feedback", phase="narrating", feedback={"stop_index": 1, "stop_count": 3}
        )
    )
    view.refresh()
    _shoot(qtbot, win, f"arboretum_tour_{size}", problems)
    monkeypatch.setenv("CONCIERGE_SITE", "city_hall")
    win.open_mode("operator")
    _shoot(qtbot, win, f"console_{size}", problems)
    assert not problems, "\n".join(problems)
