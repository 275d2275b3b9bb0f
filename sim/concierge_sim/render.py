"""Draw a site to PNG: map, keepout/speed zones, dock, places (Hangul labels), trajectories,
people and collision marks. Used by `concierge sim render`, the nav benchmark and the demo."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from concierge_sim.world import FREE, OCCUPIED, World

CJK_FONTS = ["Noto Sans CJK KR", "Noto Sans CJK JP", "NanumGothic", "Noto Sans KR"]
TRAJECTORY_COLORS = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def _font() -> str | None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in CJK_FONTS if n in names), None)


def _place_items(places) -> list[tuple[str, float, float, float, str]]:
    """(id, x, y, yaw, label) from Place models (dict or list), or (id, x, y[, label]) tuples."""
    if places is None:
        return []
    if isinstance(places, Mapping):
        places = list(places.values())
    out = []
    for p in places:
        if hasattr(p, "pose"):
            label = getattr(getattr(p, "name", None), "ko", None) or p.id
            out.append((p.id, p.pose.x, p.pose.y, p.pose.yaw, label))
        else:
            pid, x, y, *rest = p
            out.append((pid, float(x), float(y), math.nan, rest[0] if rest else pid))
    return out


def _xy(points) -> np.ndarray:
    pts = []
    for p in points:
        if hasattr(p, "x") and hasattr(p, "y"):
            pts.append((p.x, p.y))
        else:
            pts.append((p[0], p[1]))
    return np.array(pts, dtype=float).reshape(-1, 2)


def render_map(
    world: World,
    places=None,
    trajectories: Iterable | None = None,
    collisions: Iterable | None = None,
    people: Iterable | None = None,
    title: str | None = None,
    path: Path | str | None = None,
    dpi: int = 100,
    obstacles: Iterable | None = None,
) -> Path:
    """Write a PNG and return its path (default var/reports/map_<site>.png).

    places: {id: Place} or [Place] or [(id, x, y[, label])]; trajectories: [[(x, y), ...]];
    collisions: [(x, y)] or core.Contact; people: [(x, y)] or PersonState (drawn faint).
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, Polygon

    if path is None:
        from concierge_content.paths import var_root

        path = var_root() / "reports" / f"map_{world.site}.png"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Convert inputs first, so malformed ones fail before any drawing work.
    trajectories = [_xy(t) for t in (trajectories or [])]
    collisions = _xy(collisions) if collisions is not None else np.zeros((0, 2))
    people = _xy(people) if people is not None else np.zeros((0, 2))
    place_items = _place_items(places)
    font = _font()
    x0, y0, x1, y1 = world.bounds
    width_in = 14.0
    height_in = max(4.0, width_in * (y1 - y0) / (x1 - x0) + 0.8)
    with plt.rc_context(
        {"font.family": [font] if font else ["sans-serif"], "axes.unicode_minus": False}
    ):
        fig, ax = plt.subplots(figsize=(width_in, height_in))
        try:
            data = world.grid.data
            stride = max(1, math.ceil(max(data.shape) / 1200))  # no more pixels than shown
            if stride > 1:  # keep thin walls: occupied wins when thinning
                h, w = (data.shape[0] // stride) * stride, (data.shape[1] // stride) * stride
                blocks = data[:h, :w].reshape(h // stride, stride, w // stride, stride)
                data = np.where(
                    (blocks == OCCUPIED).any(axis=(1, 3)), OCCUPIED, blocks[:, 0, :, 0]
                )
            grey = np.full(data.shape, 191, dtype=np.uint8)
            grey[data == FREE] = 255
            grey[data == OCCUPIED] = 38
            ax.imshow(
                grey,
                origin="lower",
                extent=[x0, x1, y0, y1],
                cmap="gray",
                vmin=0,
                vmax=255,
                interpolation="nearest",
            )
            for poly in world.keepout:
                ax.add_patch(
                    Polygon(
                        poly,
                        closed=True,
                        fc=(1, 0.2, 0.2, 0.25),
                        ec=(0.8, 0, 0, 0.8),
                        lw=1,
                        hatch="//",
                    )
                )
            for poly, speed in world.speed_zones:
                ax.add_patch(
                    Polygon(poly, closed=True, fc=(1, 0.8, 0.1, 0.25), ec=(0.8, 0.6, 0, 0.9), lw=1)
                )
                cx, cy = np.asarray(poly).mean(axis=0)
                ax.text(
                    cx,
                    cy,
                    f"≤{speed:g} m/s",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=(0.5, 0.35, 0),
                )
            for shape in obstacles or []:
                ax.add_patch(Polygon(shape.polygon(), closed=True, fc=(0.9, 0.4, 0), ec="k"))
            if len(people):
                ax.scatter(
                    people[:, 0],
                    people[:, 1],
                    s=3,
                    c="#ff7f0e",
                    alpha=0.25,
                    lw=0,
                    label="visitors",
                )
            for i, pts in enumerate(trajectories):
                if len(pts):
                    c = TRAJECTORY_COLORS[i % len(TRAJECTORY_COLORS)]
                    ax.plot(pts[:, 0], pts[:, 1], "-", color=c, lw=1.2, alpha=0.8)
                    ax.plot(*pts[0], "o", color=c, ms=4)
            dx, dy, dyaw = world.dock_pose
            ax.add_patch(Circle((dx, dy), 0.3, fc="#2ca02c", ec="k", lw=0.8, zorder=5))
            for _pid, x, y, yaw, label in place_items:
                ax.plot(x, y, "o", ms=5, color="#d62728", zorder=6)
                if not math.isnan(yaw):
                    ax.arrow(
                        x,
                        y,
                        0.8 * math.cos(yaw),
                        0.8 * math.sin(yaw),
                        width=0.05,
                        head_width=0.35,
                        color="#d62728",
                        zorder=6,
                        length_includes_head=True,
                    )
                ax.annotate(
                    label,
                    (x, y),
                    xytext=(4, 4),
                    textcoords="offset points",
                    fontsize=8,
                    zorder=7,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.75, "lw": 0},
                )
            if len(collisions):
                ax.scatter(
                    collisions[:, 0],
                    collisions[:, 1],
                    s=80,
                    marker="x",
                    c="red",
                    lw=2.0,
                    zorder=8,
                    label=f"collisions ({len(collisions)})",
                )
            ax.set_xlim(x0, x1)
            ax.set_ylim(y0, y1)
            ax.set_aspect("equal")
            ax.set_xlabel("x (m)")
            ax.set_ylabel("y (m)")
            ax.set_title(title or world.site)
            if ax.get_legend_handles_labels()[0]:
                ax.legend(loc="upper right", fontsize=8)
            fig.subplots_adjust(left=0.05, right=0.99, bottom=0.06, top=0.95)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # glyph warnings on odd labels
                fig.savefig(path, dpi=dpi)
        finally:
            plt.close(fig)
    return path
