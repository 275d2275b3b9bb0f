"""Every online robot's plan on the console map (the selected robot's solid in the plan colour,
the others dashed in theirs); an offline robot's old plan is not drawn. Rendered offscreen and
read back from the pixels."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

pytestmark = pytest.mark.gui

ROBOTS = ["robot1", "robot2", "robot3"]


def _status(**kw):
    from kiosk_ui.console.model import IDLE

    base = dict(robot_name="r", site="city_hall", state=IDLE, state_text="", docked=True,
                task_id="", task_type="", task_state="", task_detail="", task_progress=0.0,
                battery_percent=80.0, errors=[], x=2.0, y=2.0, yaw=0.0)  # fmt: skip
    base.update(kw)
    return SimpleNamespace(**base)


def _path(points):
    """A nav_msgs/Path's shape: poses[i].pose.position.x/y."""
    at = SimpleNamespace
    return at(poses=[at(pose=at(position=at(x=x, y=y))) for x, y in points])


def _near(colour, rgb, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, rgb, strict=True))


def _hits(view, image, y_m: float, rgb) -> int:
    """How many points along y = y_m (x from 14 to 26 m, every 0.1 m) show the colour."""
    hits = 0
    for i in range(121):
        p = view.to_widget(14.0 + 0.1 * i, y_m)
        c = image.pixelColor(round(p.x()), round(p.y()))
        hits += _near((c.red(), c.green(), c.blue()), rgb)
    return hits


def test_every_online_robots_plan_is_drawn_and_an_offline_ones_is_not(qapp):
    from kiosk_ui.console.map_view import OTHER_ROBOT_COLOUR, PLAN_COLOUR, MapView
    from kiosk_ui.console.model import ConsoleModel
    from kiosk_ui.site_content import SiteContent

    now = [100.0]
    model = ConsoleModel("city_hall", robots=ROBOTS, clock=lambda: now[0])
    model.on_status(_status(), robot="robot3")
    now[0] += 10.0  # robot 3 went silent 10 s ago: offline
    for name in ("robot1", "robot2"):
        model.on_status(_status(), robot=name)
    model.on_plan(_path([(12.0, 10.0), (28.0, 10.0)]), robot="robot1")
    model.on_plan(_path([(12.0, 16.0), (28.0, 16.0)]), robot="robot2")
    model.on_plan(_path([(12.0, 22.0), (28.0, 22.0)]), robot="robot3")
    model.select("robot1")
    assert model.plans["robot1"] == [(12.0, 10.0), (28.0, 10.0)]  # each robot's own

    view = MapView(model)
    view.load(SiteContent.load("city_hall").map_path)
    assert view.image is not None, view.problem
    view.resize(1200, 800)
    image = view.grab().toImage()
    plan_rgb = (PLAN_COLOUR.red(), PLAN_COLOUR.green(), PLAN_COLOUR.blue())
    other_rgb = (OTHER_ROBOT_COLOUR.red(), OTHER_ROBOT_COLOUR.green(), OTHER_ROBOT_COLOUR.blue())
    assert _hits(view, image, 10.0, plan_rgb) > 100  # solid
    assert 20 < _hits(view, image, 16.0, other_rgb) < 110  # dashed: gaps
    assert _hits(view, image, 22.0, other_rgb) == 0  # offline: not drawn
    assert _hits(view, image, 22.0, plan_rgb) == 0

    model.select("robot2")  # plans are kept per robot: selecting swaps the colours
    image = view.grab().toImage()
    assert _hits(view, image, 16.0, plan_rgb) > 100
    assert 20 < _hits(view, image, 10.0, other_rgb) < 110
