"""The map picture: zones, places with Hangul labels, trajectories and collision marks."""

from __future__ import annotations

import pytest
from concierge_content.places import load_places
from concierge_sim.render import _font, render_map
from concierge_sim.world import load_world


def test_render_draws_places_trajectories_and_collisions(tmp_path):
    import matplotlib.image as mpimg

    assert _font() is not None, "install fonts-noto-cjk: Hangul labels would be boxes"
    world = load_world("city_hall")
    places = load_places("city_hall")
    out = render_map(
        world,
        {p.id: p for p in places.places},
        trajectories=[[(24, 1), (24, 5), (30, 7)]],
        collisions=[(30.0, 7.0)],
        people=[(35.0, 5.0)],
        title="시청 1층",
        path=tmp_path / "map.png",
        dpi=60,
    )
    img = mpimg.imread(out)
    assert img.shape[1] > 600
    red = (img[..., 0] > 0.8) & (img[..., 1] < 0.3) & (img[..., 2] < 0.3)
    assert red.sum() > 80  # place markers and the collision cross


def test_render_accepts_plain_tuples_for_places(tmp_path):
    out = render_map(
        load_world("arboretum"), [("gate", 100.0, 6.0, "정문")], path=tmp_path / "a.png", dpi=40
    )
    assert out.stat().st_size > 10_000


def test_render_rejects_a_malformed_trajectory_before_drawing(tmp_path):
    with pytest.raises((ValueError, IndexError, TypeError)):
        render_map(load_world("city_hall"), trajectories=[[(1.0,)]], path=tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()
