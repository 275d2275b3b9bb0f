"""The exported Nav2 maps must match the SDF worlds (regenerated in memory, compared by byte)."""

from __future__ import annotations

import numpy as np
import pytest
from concierge_sim.mapio import map_files, maps_dir, read_pgm, sites, stale_maps
from concierge_sim.world import load_world


@pytest.mark.parametrize("site", ["city_hall", "arboretum"])
def test_exported_maps_are_up_to_date_with_the_sdf(site):
    assert site in sites()
    stale = stale_maps(site)
    assert not stale, f"stale: {stale}; run `concierge sim export-maps`"


def test_pgm_rows_are_flipped_for_map_server_and_round_trip(tmp_path):
    world = load_world("city_hall")
    files = map_files(world)
    (tmp_path / "m.pgm").write_bytes(files["city_hall.pgm"])
    pix = read_pgm(tmp_path / "m.pgm")
    assert pix.shape == world.grid.data.shape
    assert np.array_equal(pix == 0, world.grid.data == 100)
    raw = files["city_hall.pgm"]
    header_end = raw.index(b"255\n") + 4
    top_row = np.frombuffer(raw[header_end : header_end + world.grid.width], dtype=np.uint8)
    assert np.array_equal(top_row, pix[-1])  # first image row = highest y


def test_speed_mask_encodes_cm_per_second_and_keepout_is_black():
    files = {n: b for n, b in map_files(load_world("city_hall")).items()}
    assert b"mode: raw" in files["city_hall_speed.yaml"]
    assert b"mode: trinary" in files["city_hall_keepout.yaml"]
    speed = read_pgm_bytes(files["city_hall_speed.pgm"])
    assert set(np.unique(speed)) == {0, 40, 50}


def read_pgm_bytes(raw: bytes) -> np.ndarray:
    header_end = raw.index(b"255\n") + 4
    w, h = (int(v) for v in raw.split(b"\n")[1].split())
    return np.frombuffer(raw[header_end:], dtype=np.uint8).reshape(h, w)


def test_check_mode_reports_a_stale_map(tmp_path, capsys):
    from concierge_sim import mapio

    for name, content in map_files(load_world("city_hall")).items():
        (tmp_path / name).write_bytes(content)
    assert mapio.stale_maps("city_hall", tmp_path) == []
    pgm = tmp_path / "city_hall.pgm"
    pgm.write_bytes(pgm.read_bytes()[:-1] + b"\x00")
    assert mapio.stale_maps("city_hall", tmp_path) == ["city_hall.pgm"]
    assert maps_dir().is_dir()


def test_cli_check_passes_on_the_committed_maps_and_names_unknown_sites(capsys):
    from concierge_bringup.cli import main

    assert main(["sim", "export-maps", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["sim", "export-maps", "--site", "moon_base", "--check"]) == 2
    assert "moon_base" in capsys.readouterr().err


@pytest.mark.parametrize("site", ["city_hall", "arboretum"])
def test_the_worlds_dock_is_where_content_says_the_robot_docks(site):
    """Navigation docks at content's docked_pose; the SDF's dock must agree with it."""
    from concierge_content.places import load_places
    from concierge_sim.world import load_world

    want = load_places(site).docked_pose
    x, y, yaw = load_world(site).dock_pose
    assert (x, y) == pytest.approx((want.x, want.y), abs=0.02)
    assert yaw == pytest.approx(want.yaw, abs=0.01)


@pytest.mark.parametrize("site", ["city_hall", "arboretum"])
def test_every_robots_dock_in_content_is_a_dock_in_the_world(site):
    """A fleet robot charges on the dock its roles name: the world's charging_dock model of
    that name must stand where content's docked_pose says."""
    from concierge_content.places import load_places
    from concierge_sim.world import load_world

    places, world = load_places(site), load_world(site)
    for dock_id in places.dock_ids():
        assert dock_id in world.dock_poses, (dock_id, sorted(world.dock_poses))
        want = places.get(dock_id).docked_pose
        x, y, yaw = world.dock_poses[dock_id]
        assert (x, y) == pytest.approx((want.x, want.y), abs=0.02), dock_id
        assert yaw == pytest.approx(want.yaw, abs=0.01), dock_id
