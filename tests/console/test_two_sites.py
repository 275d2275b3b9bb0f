"""One console for robots of two sites (issue 16): the city-hall lobby pair and the arboretum's
docent. Orders go only to a robot of the target's site; selecting the docent shows the arboretum
map with the docent alone on it, the arboretum's places and courses and only its robots to
choose. Rendered offscreen."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kiosk_ui.console.fleet import ANY_ROBOT, CHARGING, IDLE
from kiosk_ui.console.model import ConsoleModel
from kiosk_ui.site_content import fleet_sites

ROBOTS = ["robot1", "robot2", "docent1"]


def status(site="city_hall", state=IDLE, battery=80.0, x=30.0, y=8.0, **kw):
    base = dict(robot_name="r", site=site, state=state, docked=state == CHARGING,
                state_text={IDLE: "idle", CHARGING: "charging"}.get(state, ""),
                task_id="", task_type="", task_state="", task_detail="", task_target="",
                task_phase="", distance_remaining_m=0.0, task_progress=0.0,
                battery_percent=battery, errors=[], x=x, y=y, yaw=0.0)  # fmt: skip
    base.update(kw)
    return SimpleNamespace(**base)


def two_site_model(**kw) -> ConsoleModel:
    fleets = fleet_sites()
    return ConsoleModel(
        "city_hall",
        robots=ROBOTS,
        sites={ns: site for ns, (site, _) in fleets.items()},
        docks={ns: roles["dock"] for ns, (_, roles) in fleets.items()},
        **kw,
    )


def test_every_sites_fleet_is_known_with_its_own_dock():
    fleets = fleet_sites()
    assert {ns: site for ns, (site, _) in fleets.items()} == {
        "robot1": "city_hall",
        "robot2": "city_hall",
        "docent1": "arboretum",
    }
    model = two_site_model()
    assert model.site_of("docent1") == "arboretum"  # from content, before any status
    assert model.sites() == ["city_hall", "arboretum"]
    assert model.dock_for("docent1") == fleets["docent1"][1]["dock"]


def test_an_order_goes_only_to_a_robot_of_its_site():
    model = two_site_model()
    model.connected = True
    # the docent is nearer and fuller than anyone, but a lobby place is not its to take
    model.on_status(status(site="arboretum", battery=100.0, x=30.0, y=8.0), "docent1")
    model.on_status(status(battery=30.0, x=60.0, y=30.0), "robot1")
    model.order("go_to_place", "passport_office")  # the console's own site
    (sent,) = model.dispatch(lambda order: (30.0, 8.0))
    assert (sent.assigned_to, sent.site) == ("robot1", "city_hall")
    # a course of the arboretum: only the docent; while it is busy the order waits
    model.on_status(
        status(site="arboretum", state=1, task_id="t", task_state="underway"), "docent1"
    )
    model.on_status(status(), "robot2")
    model.order("tour", "quick_highlights", site="arboretum")
    assert model.dispatch() == []
    model.on_status(status(site="arboretum"), "docent1")
    (sent,) = model.dispatch()
    assert (sent.assigned_to, sent.target) == ("docent1", "quick_highlights")
    # a chosen robot of another site: refused at once, nothing queued
    with pytest.raises(ValueError, match="docent1 works at arboretum"):
        model.order("go_to_place", "passport_office", "docent1", site="city_hall")
    assert model.queue.pending == []
    # the chosen robot's own site is the default
    assert model.order("tour", "forest_walk", "docent1").site == "arboretum"


@pytest.mark.gui
def test_selecting_the_docent_shows_the_arboretum(qtbot, styled, ctx, no_robot):
    from PyQt6.QtCore import Qt

    from kiosk_ui.console.map_view import OTHER_ROBOT_COLOUR, ROBOT_COLOUR
    from kiosk_ui.modes.operator import OperatorMode
    from kiosk_ui.site_content import SiteContent

    ctx.lang = "ko"
    mode = OperatorMode(ctx, site="city_hall", robots=ROBOTS)
    view = mode.build(None)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    model = mode.model
    model.connected = True
    park = SiteContent.load("arboretum")
    view._status("robot1", status(x=30.0, y=8.0))
    view._status("robot2", status(x=38.0, y=2.0))
    view._status("docent1", status(site="arboretum", x=84.0, y=37.0))
    view.refresh()
    assert view.map_title.text() == "지도 — 시청"
    rows = [view.fleet.item(i).text() for i in range(view.fleet.count())]
    assert rows[2].startswith("수목원 · docent1") and rows[0].startswith("시청 · robot1"), rows
    robots = [view.form.robot_box.itemData(i) for i in range(view.form.robot_box.count())]
    assert robots == [ANY_ROBOT, "robot1", "robot2"]  # this map's robots

    # the operator picks the docent in the fleet list
    item = next(
        view.fleet.item(i)
        for i in range(view.fleet.count())
        if view.fleet.item(i).data(Qt.ItemDataRole.UserRole) == "docent1"
    )
    view.fleet.setCurrentItem(item)
    assert model.selected == "docent1" and view.shown_site == "arboretum"
    assert view.map_title.text() == "지도 — 수목원"
    assert view.map.geometry_ is not None and view.map.image is not None, view.map.problem
    assert "arboretum" in str(park.map_path) and view.map.site == "arboretum"
    places = [view.form.place_box.itemData(i) for i in range(view.form.place_box.count())]
    courses = [view.form.course_box.itemData(i) for i in range(view.form.course_box.count())]
    assert places == [p.id for p in park.places] and courses == [c.id for c in park.courses]
    assert view.form.course_box.itemText(0) == park.courses[0].label("ko")
    robots = [view.form.robot_box.itemData(i) for i in range(view.form.robot_box.count())]
    assert robots == [ANY_ROBOT, "docent1"]

    # on the arboretum map: the docent (selected colour), no lobby robot (their poses would
    # land inside this map too: 30, 8 is on the arboretum's grid)
    view.map.resize(1000, 700)
    image = view.map.grab().toImage()

    def colour_near(x: float, y: float, colour) -> bool:
        p = view.map.to_widget(x, y)
        for dx in range(-3, 4):
            for dy in range(-3, 4):
                c = image.pixelColor(round(p.x()) + dx, round(p.y()) + dy)
                if all(
                    abs(a - b) < 30
                    for a, b in zip(c.getRgb()[:3], colour.getRgb()[:3], strict=True)
                ):
                    return True
        return False

    assert colour_near(84.0, 37.0, ROBOT_COLOUR)
    assert not colour_near(30.0, 8.0, OTHER_ROBOT_COLOUR)
    assert not colour_near(38.0, 2.0, OTHER_ROBOT_COLOUR)

    # a tour ordered here goes to the docent, never to a lobby robot
    view.form.course_box.setCurrentIndex(0)
    view.form.robot_box.setCurrentIndex(0)  # any free robot (of the arboretum)
    view._tour()
    log = [text for _, text in model.log]
    assert model.queue.pending == [] or all(o.site == "arboretum" for o in model.queue.pending)
    assert any("docent1" in line for line in log), log
