"""Instructor charts as PNG bytes (matplotlib Agg, no pyplot: safe off the UI thread)."""

from __future__ import annotations

import io
from functools import lru_cache

from kiosk_ui.theme import FONT_FAMILY, Palette


@lru_cache(maxsize=1)
def _font_ready() -> str:
    """Register the Hangul font with matplotlib once (otherwise Korean labels are tofu)."""
    import subprocess

    from matplotlib import font_manager

    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{FONT_FAMILY}:lang=ko"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    if out:
        font_manager.fontManager.addfont(out)
        return font_manager.FontProperties(fname=out).get_name()
    return "DejaVu Sans"


def bar_chart(
    labels: list[str],
    values: list[float],
    title: str,
    ylabel: str,
    palette: Palette,
    scale: float = 1.0,
    percent: bool = False,
) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    family = _font_ready()
    size = 11 * scale
    fig = Figure(figsize=(8, 3.6), dpi=100)
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor(palette.panel)
    ax = fig.add_subplot(1, 1, 1)
    ax.set_facecolor(palette.panel)
    ax.bar(range(len(values)), values, color=palette.primary, edgecolor=palette.text)
    ax.set_xticks(range(len(labels)))
    slanted = len(labels) > 5
    ax.set_xticklabels(
        labels,
        fontsize=size * 0.8,
        family=family,
        color=palette.text,
        rotation=20 if slanted else 0,
        ha="right" if slanted else "center",
    )
    ax.set_title(title, fontsize=size * 1.2, family=family, color=palette.text)
    ax.set_ylabel(ylabel, fontsize=size, family=family, color=palette.text)
    ax.tick_params(colors=palette.text, labelsize=size * 0.8)
    for spine in ax.spines.values():
        spine.set_color(palette.text)
    if percent:
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", facecolor=palette.panel)
    return buf.getvalue()
