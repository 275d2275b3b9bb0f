"""The console's map: metres <-> pixels, and clear errors for bad map files (no Qt)."""

from __future__ import annotations

import pytest
from concierge_content.places import load_places

from kiosk_ui.console.map_geometry import MapGeometry


def test_map_pixels_and_metres_agree_and_bad_maps_say_why(tmp_path):
    geo = MapGeometry.load(load_places("city_hall").map_path())
    geo.height_px = 800
    px, py = geo.to_pixel(12.5, 7.25)
    assert geo.to_world(px, py) == pytest.approx((12.5, 7.25))
    (tmp_path / "m.yaml").write_text("image: m.pgm\nresolution: 0.05\norigin: [0, 0, 0]\n")
    with pytest.raises(ValueError, match="m.pgm is missing"):
        MapGeometry.load(tmp_path / "m.yaml")
    (tmp_path / "n.yaml").write_text("image: n.pgm\n")
    with pytest.raises(ValueError, match="needs image, resolution and origin"):
        MapGeometry.load(tmp_path / "n.yaml")
    with pytest.raises(ValueError, match="nowhere.yaml"):
        MapGeometry.load(tmp_path / "nowhere.yaml")
