"""The space the robot moves in: the world's walls plus boxes added at runtime, what the robot's
disk touches there, and how much clearance a line has (for placing scripted visitors)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from concierge_sim.errors import SimError
from concierge_sim.people import Crowd, WallField
from concierge_sim.sdf import Shape
from concierge_sim.world import OCCUPIED, World, stamp_shape


@dataclass
class _Obstacle:
    shape: Shape


class Space:
    """Occupancy (static walls + runtime obstacles: `occ`, what the lidar sees) and the
    visitors' wall field (`walls`); contact tests for a robot of radius_m."""

    def __init__(self, world: World, radius_m: float):
        self.world = world
        self.radius_m = radius_m
        g = world.grid
        self._static_occ = g.data == OCCUPIED
        self.occ = self._static_occ
        self._obstacles: dict[str, _Obstacle] = {}
        r = int(math.ceil(radius_m / g.resolution))
        dr, dc = np.mgrid[-r : r + 1, -r : r + 1]
        inside = (dr * g.resolution) ** 2 + (dc * g.resolution) ** 2 <= radius_m**2
        self._disk = (dr[inside], dc[inside])
        self._static_walls = WallField(world.clearance(), g.resolution, g.origin_x, g.origin_y)
        self.walls = self._static_walls

    # ---- runtime obstacles ---------------------------------------------------------------
    def add_obstacle(
        self, name: str, x: float, y: float, size_x: float, size_y: float, yaw: float = 0.0
    ) -> None:
        if size_x <= 0 or size_y <= 0:
            raise SimError("obstacle size must be positive")
        self._obstacles[name] = _Obstacle(Shape(name, "box", x, y, yaw, size_x, size_y))
        self._rebuild_occupancy()

    def remove_obstacle(self, name: str) -> None:
        if name not in self._obstacles:
            raise SimError(f"no obstacle named {name!r}")
        del self._obstacles[name]
        self._rebuild_occupancy()

    def obstacles(self) -> list[Shape]:
        return [o.shape for o in self._obstacles.values()]

    def _rebuild_occupancy(self) -> None:
        occ = self._static_occ.copy()
        for ob in self._obstacles.values():
            stamp_shape(occ, self.world.grid, ob.shape, True)
        self.occ = occ
        self.walls = self._static_walls.with_boxes([o.shape for o in self._obstacles.values()])

    # ---- contacts ------------------------------------------------------------------------
    def blocked(self, x: float, y: float) -> bool:
        """The robot's disk at (x, y) overlaps a wall or obstacle, or leaves the map."""
        g = self.world.grid
        col, row = g.world_to_cell(x, y)
        rows = self._disk[0] + row
        cols = self._disk[1] + col
        if rows.min() < 0 or cols.min() < 0 or rows.max() >= g.height or cols.max() >= g.width:
            return True  # off the map
        return bool(self.occ[rows, cols].any())

    def contact_at(self, x: float, y: float, crowd: Crowd) -> str | None:
        """What the robot would touch at (x, y): "obstacle:<name>", "wall", "person:<id>"."""
        if self.blocked(x, y):
            for name, ob in self._obstacles.items():
                if _circle_hits_box(x, y, self.radius_m + self.world.grid.resolution, ob.shape):
                    return f"obstacle:{name}"
            return "wall"
        if len(crowd):
            d = np.hypot(crowd.pos[:, 0] - x, crowd.pos[:, 1] - y)
            hit = d < crowd.radius + self.radius_m
            if hit.any():
                return f"person:{crowd.ids[int(np.argmax(hit))]}"
        return None

    def still_touching(self, what: str, x: float, y: float, crowd: Crowd) -> bool:
        """The robot at (x, y) still presses on `what` (a contact_at answer)."""
        margin = 0.05
        if what.startswith("person:"):
            pid = what.split(":", 1)[1]
            if pid not in crowd.ids:
                return False
            i = crowd.index(pid)
            d = math.hypot(crowd.pos[i, 0] - x, crowd.pos[i, 1] - y)
            return d < crowd.radius[i] + self.radius_m + margin
        r = self.radius_m + margin
        probes = [(x + r * math.cos(a), y + r * math.sin(a)) for a in np.linspace(0, 6.28, 16)]
        grid = self.world.grid
        return any(
            not grid.in_bounds(*grid.world_to_cell(px, py))
            or self.occ[grid.world_to_cell(px, py)[::-1]]
            for px, py in probes
        )

    # ---- clearance -----------------------------------------------------------------------
    def line_clear(self, x0, y0, x1, y1, clearance: float) -> bool:
        """Every point of the segment is at least `clearance` from walls and obstacles."""
        n = int(math.hypot(x1 - x0, y1 - y0) / 0.1) + 2
        pts = np.column_stack([np.linspace(x0, x1, n), np.linspace(y0, y1, n)])
        clear, _ = self.walls.sample(pts)
        return bool((clear >= clearance).all())

    def clearance_at(self, x: float, y: float) -> float:
        clear, _ = self.walls.sample(np.array([[x, y]]))
        return float(clear[0])


def _circle_hits_box(x: float, y: float, r: float, box: Shape) -> bool:
    c, s = math.cos(box.yaw), math.sin(box.yaw)
    dx, dy = x - box.x, y - box.y
    lx, ly = c * dx + s * dy, -s * dx + c * dy
    qx = max(abs(lx) - box.sx / 2, 0.0)
    qy = max(abs(ly) - box.sy / 2, 0.0)
    return qx * qx + qy * qy <= r * r
