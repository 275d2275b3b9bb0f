"""Places content: the ids others rely on exist, and bad places are reported with file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from concierge_content.check import run_checks
from concierge_content.paths import content_root
from concierge_content.places import load_places

CITY_HALL_IDS = {
    "main_entrance",
    "information_desk",
    "saebit_office",
    "passport_office",
    "civil_documents",
    "tax_office",
    "jobs_center",
    "welfare_office",
    "building_permits",
    "toilet",
    "elevator",
    "stairs",
    "cafe",
    "atm",
    "nursing_room",
    "charging_dock",
}
ARBORETUM_IDS = {
    "main_gate",
    "visitor_center",
    "exhibition_greenhouse",
    "wetland_garden",
    "rock_garden",
    "herb_garden",
    "children_garden",
    "forest_trail",
    "rest_area",
    "pond",
    "cafe",
    "toilet",
    "charging_dock",
}


@pytest.mark.parametrize(
    ("site", "ids"), [("city_hall", CITY_HALL_IDS), ("arboretum", ARBORETUM_IDS)]
)
def test_every_agreed_place_id_is_there_with_korean_and_english(site, ids):
    places = load_places(site)
    assert ids <= set(places.ids())
    for p in places.places:
        assert p.name.ko and p.name.en and p.description.ko and p.description.en


def test_the_shipped_places_pass_the_checker():
    assert run_checks(only=["places"]) == []


@pytest.fixture
def broken(tmp_path):
    """A copy of content/sites/city_hall in a tmp content root, to break on purpose."""
    root = tmp_path / "content"
    shutil.copytree(content_root() / "sites" / "city_hall", root / "sites" / "city_hall")
    return root, root / "sites" / "city_hall" / "places.yaml"


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _errors(root: Path) -> list[str]:
    return [str(e) for e in run_checks(root, only=["places"])]


def test_duplicate_id_is_reported_at_its_line(broken):
    root, path = broken
    line = _edit(path, "id: tax_office", "id: passport_office")
    errs = _errors(root)
    assert any(f"places.yaml:{line}:" in e and "duplicate place id" in e for e in errs), errs


def test_missing_korean_name_is_reported(broken):
    root, path = broken
    line = _edit(path, "name: {ko: 세무민원실, en: Tax office}", "name: {en: Tax office}")
    errs = _errors(root)
    assert any(f"places.yaml:{line}:" in e and "ko" in e for e in errs), errs


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("pose: {x: 41.0, y: 18.3", "pose: {x: 41.0, y: 19.9", "inside a wall"),  # the counter
        ("pose: {x: 41.0, y: 18.3", "pose: {x: 41.0, y: 19.2", "closer than"),
        ("pose: {x: 6.0, y: 23.0", "pose: {x: 600.0, y: 23.0", "off the map"),
        ("pose: {x: 51.0, y: 18.3", "pose: {x: 51.0, y: 22.0", "keepout"),
    ],
    ids=["inside_a_wall", "too_close_to_a_wall", "off_the_map", "in_a_keepout_zone"],
)
def test_a_place_where_the_robot_cannot_stand_is_reported_with_its_line(broken, old, new, problem):
    root, path = broken
    line = _edit(path, old, new)
    errs = _errors(root)
    assert any(f"places.yaml:{line}:" in e and problem in e for e in errs), errs


def test_unknown_floor_and_bad_hours_are_reported(broken):
    root, path = broken
    floor_line = _edit(path, "floor: 1F\n    name: {ko: 카페", "floor: 7F\n    name: {ko: 카페")
    hours_line = _edit(
        path,
        'hours: {weekdays: "08:00-19:00", sat: "10:00-16:00"}',
        'hours: {weekdays: "19:00-08:00"}',
    )
    errs = _errors(root)
    assert any(f"places.yaml:{floor_line}:" in e and "unknown floor" in e for e in errs), errs
    assert any(f"places.yaml:{hours_line}:" in e and "after the start" in e for e in errs), errs


def test_missing_map_is_reported(broken):
    root, path = broken
    line = _edit(path, "map: sim/maps/city_hall.yaml", "map: sim/maps/nowhere.yaml")
    errs = _errors(root)
    assert any(f"places.yaml:{line}:" in e and "not found" in e for e in errs), errs


def test_roles_name_the_home_dock_and_staff_office():
    city = load_places("city_hall")
    assert city.role("home").id == "information_desk"
    assert city.role("staff_office").id == "saebit_office"
    assert city.docked_pose.y < city.dock.pose.y  # the charger is behind the staging pose
    assert not load_places("arboretum").has_role("staff_office")
    with pytest.raises(KeyError, match="arboretum has no 'staff_office'"):
        load_places("arboretum").role("staff_office")


def test_role_pointing_at_an_unknown_place_is_reported(broken):
    root, path = broken
    line = _edit(path, "home: information_desk", "home: front_hall")
    errs = _errors(root)
    assert any(f"places.yaml:{line}:" in e and "unknown place 'front_hall'" in e for e in errs)


def test_missing_dock_role_and_docked_pose_are_reported(broken):
    root, path = broken
    _edit(path, "  dock: charging_dock", "  hub: charging_dock")
    errs = _errors(root)
    assert any("unknown role(s) hub" in e for e in errs), errs
    assert any("missing role(s) dock" in e for e in errs), errs


def test_dock_without_docked_pose_is_reported(broken):
    root, path = broken
    docked = "    docked_pose: {x: 24.0, y: 0.93, yaw: -1.5708}  # base pose on the charger\n"
    _edit(path, docked, "")
    errs = _errors(root)
    assert any("needs a docked_pose" in e for e in errs), errs


def test_demo_route_with_an_unknown_place_is_reported(broken):
    root, path = broken
    line = _edit(path, "demo_route: [passport_office,", "demo_route: [pasport_office,")
    errs = _errors(root)
    assert any(f"places.yaml:{line}:" in e and "unknown place 'pasport_office'" in e for e in errs)
    assert load_places("city_hall").demo_route == ["passport_office", "saebit_office", "cafe"]


def test_fleet_robots_have_their_own_home_and_dock_over_the_site_roles():
    city = load_places("city_hall")
    assert [r.namespace for r in city.fleet] == ["robot1", "robot2"]
    first, second = (city.roles_for(r.namespace) for r in city.fleet)
    assert first["dock"] != second["dock"] and first["home"] != second["home"]
    assert second["staff_office"] == city.roles["staff_office"]  # not its own: the site's
    assert city.roles_for("/robot2") == second  # a ROS namespace, with or without slash
    assert city.roles_for("") == city.roles_for("elsewhere") == city.roles
    assert city.dock_ids() == [first["dock"], second["dock"]]
    for dock_id in city.dock_ids():
        assert city.get(dock_id).docked_pose is not None
    park = load_places("arboretum")
    assert [r.namespace for r in park.fleet] == ["docent1"]
    assert park.dock_ids() == [park.roles["dock"]] == [park.roles_for("docent1")["dock"]]


def test_a_namespace_belongs_to_one_site_only(tmp_path):
    # one console and one simulation hold the robots of every site: names must not clash
    root = tmp_path / "content"
    for site in ("city_hall", "arboretum"):
        shutil.copytree(content_root() / "sites" / site, root / "sites" / site)
    line = _edit(
        root / "sites" / "city_hall" / "places.yaml", "namespace: robot2", "namespace: docent1"
    )
    errs = _errors(root)
    assert any(
        f"city_hall/places.yaml:{line}:" in e and "also a robot of 'arboretum'" in e for e in errs
    ), errs


def test_fleet_mistakes_are_reported_at_their_line(broken):
    root, path = broken
    ns_line = _edit(path, "namespace: robot2", "namespace: robot1")
    dock_line = _edit(path, "dock: east_charging_dock}", "dock: charging_dock}")
    errs = _errors(root)
    assert any(f"places.yaml:{ns_line}:" in e and "duplicate namespace" in e for e in errs), errs
    assert any(f"places.yaml:{dock_line}:" in e and "one robot per dock" in e for e in errs), errs
    # the east dock is nobody's dock now: its docked_pose is out of place
    assert any("docked_pose belongs on the dock place" in e for e in errs), errs


def test_a_fleet_dock_needs_a_docked_pose_and_a_known_place(broken):
    root, path = broken
    east = "    docked_pose: {x: 38.0, y: 0.93, yaw: -1.5708}  # base pose on the charger\n"
    _edit(path, east, "")
    line = _edit(path, "home: civil_service_hall", "home: east_lobby")
    errs = _errors(root)
    assert any("'east_charging_dock' needs a docked_pose" in e for e in errs), errs
    assert any(f"places.yaml:{line}:" in e and "unknown place 'east_lobby'" in e for e in errs)
