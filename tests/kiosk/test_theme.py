"""Palettes meet WCAG contrast; large text doubles fonts and touch targets."""

from __future__ import annotations

import pytest

from kiosk_ui import theme
from kiosk_ui.modes.base import Accessibility


@pytest.mark.parametrize("palette", [theme.NORMAL, theme.HIGH_CONTRAST], ids=lambda p: p.name)
def test_every_text_colour_pair_reaches_4_5_to_1(palette):
    for what, (fg, bg) in palette.text_pairs().items():
        assert theme.contrast_ratio(fg, bg) >= 4.5, f"{palette.name}: {what}"


def test_high_contrast_palette_is_at_least_7_to_1_for_body_text():
    assert theme.contrast_ratio(theme.HIGH_CONTRAST.text, theme.HIGH_CONTRAST.window) >= 7


def test_contrast_ratio_matches_wcag_extremes():
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


def test_large_text_doubles_font_and_touch_target_in_style_sheet():
    normal, large = Accessibility(), Accessibility(large_text=True)
    assert theme.font_px(large) == 2 * theme.font_px(normal)
    assert f"min-height: {large.min_touch_px}px" in theme.style_sheet(large)
    assert large.min_touch_px >= 2 * 44 and normal.min_touch_px >= 44
