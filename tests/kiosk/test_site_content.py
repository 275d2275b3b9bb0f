"""What the robot screen and console read about a site: search, roles, the map, and a screen
that still opens when content is missing."""

from __future__ import annotations

import shutil

import pytest
from concierge_content.paths import content_root
from concierge_content.places import load_places

from kiosk_ui.site_content import SiteContent, search


@pytest.fixture(scope="module")
def city_hall() -> SiteContent:
    content = SiteContent.load("city_hall")
    assert content.problems == []
    return content


def test_place_search_matches_aliases_ignoring_spaces_and_case(city_hall):
    assert search(city_hall.places, "여권")[0].id == "passport_office"
    assert search(city_hall.places, "PASSPORT")[0].id == "passport_office"
    assert search(city_hall.places, "화 장 실")[0].id == "toilet"
    assert search(city_hall.places, "없는곳xyz") == []


def test_roles_and_the_map_come_from_places_yaml_and_the_dock_is_not_a_visitors_place(city_hall):
    places = load_places("city_hall")
    assert city_hall.roles == places.roles
    assert city_hall.role("dock") == places.dock.id
    assert city_hall.role("no_such_role") is None
    assert city_hall.map_path == places.map_path() and city_hall.map_path.is_file()
    ids = {p.id for p in city_hall.places}
    assert places.dock.id not in ids
    assert len(places.dock_ids()) > 1  # the lobby fleet's docks: no visitor's place either
    assert ids == set(places.ids()) - set(places.dock_ids())


def test_broken_content_leaves_an_empty_list_and_says_why(tmp_path):
    shutil.copytree(content_root() / "sites" / "city_hall", tmp_path / "sites" / "city_hall")
    (tmp_path / "sites" / "city_hall" / "staff.yaml").write_text("staff: [{id: lee}]\n")
    content = SiteContent.load("city_hall", tmp_path)
    assert content.staff == []
    assert [p.split(":")[0] for p in content.problems] == ["staff"]
    assert content.places and content.services  # the rest still loads
