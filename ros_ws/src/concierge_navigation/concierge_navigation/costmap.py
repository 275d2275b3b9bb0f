"""Layered costmap like Nav2's: static + keepout filter + inflation, obstacle layer from the
laser that marks and clears (raytrace), and a speed filter mask.

Costs use Nav2's scale: 254 lethal, 253 inscribed (centre there = footprint touches an obstacle),
below that (INSCRIBED-1) * exp(-cost_scaling_factor * (d - inscribed_radius)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import distance_transform_edt

from .config import CostmapConfig
from .grid import GridMap, resample_to

LETHAL = 254
INSCRIBED = 253
FREE = 0
OCCUPIED_THRESHOLD = 65  # OccupancyGrid value from which a cell is an obstacle


def inflation_cost(distance_m: np.ndarray, cfg: CostmapConfig) -> np.ndarray:
    """Nav2 InflationLayer::computeCost for distances (m) to the nearest obstacle."""
    d = np.asarray(distance_m, dtype=np.float32)
    cost = (INSCRIBED - 1) * np.exp(-cfg.cost_scaling_factor * (d - cfg.robot_radius))
    cost = np.where(d <= cfg.robot_radius, INSCRIBED, cost)
    cost = np.where(d <= 0.0, LETHAL, cost)
    cost = np.where(d > cfg.inflation_radius, FREE, cost)
    return cost.astype(np.uint8)


@dataclass
class Scan:
    """One laser scan in the map frame: sensor position and, per ray, angle (map frame) and range.

    Rays with no return carry a range > range_max (or inf)."""

    origin_x: float
    origin_y: float
    angles: np.ndarray
    ranges: np.ndarray
    range_max: float

    def hit_points(self) -> np.ndarray:
        ok = np.isfinite(self.ranges) & (self.ranges <= self.range_max)
        r = self.ranges[ok]
        a = self.angles[ok]
        return np.column_stack(
            (self.origin_x + r * np.cos(a), self.origin_y + r * np.sin(a))
        ).astype(np.float64)


class Costmap:
    """Static+keepout+inflation computed once; the obstacle layer is a sparse set of marks."""

    def __init__(
        self,
        static: GridMap,
        cfg: CostmapConfig,
        keepout: GridMap | None = None,
        speed: GridMap | None = None,
    ) -> None:
        self.cfg = cfg
        self.map = static
        self.res = static.resolution
        data = static.data
        lethal = data >= OCCUPIED_THRESHOLD
        lethal |= data < 0  # unknown = outside the building/park: never drive there
        self.static_lethal = lethal
        self.keepout_lethal = np.zeros_like(lethal)
        if keepout is not None and cfg.keepout_filter:
            self.keepout_lethal = resample_to(keepout, static) >= OCCUPIED_THRESHOLD
        self.base_lethal = self.static_lethal | self.keepout_lethal
        dist_cells = distance_transform_edt(~self.base_lethal)
        self.base_distance = (dist_cells * self.res).astype(np.float32)
        self.base_cost = inflation_cost(self.base_distance, cfg)
        self.speed_mask = None
        if speed is not None and cfg.speed_filter:
            mask = resample_to(speed, static).astype(np.float32)
            limit = cfg.speed_limit_base + cfg.speed_limit_multiplier * mask
            self.speed_mask = np.where(mask > 0, np.maximum(limit, 0.01), 0.0).astype(np.float32)
        # Obstacle layer: flat indices of marked cells (cells seen occupied and not yet cleared).
        self.marks = np.zeros(0, dtype=np.int64)
        # Laser hits this close to a mapped wall are the wall itself, not a new obstacle.
        self._near_static = self.base_distance <= 2.0 * self.res

    # -- queries ----------------------------------------------------------------------------
    def cell(self, x: float, y: float) -> tuple[int, int]:
        return self.map.world_to_cell(x, y)

    def on_map(self, x: float, y: float) -> bool:
        return self.map.contains(x, y)

    def static_cost(self, x: float, y: float) -> int:
        """Cost of static + keepout + inflation at (x, y); LETHAL off the map."""
        r, c = self.cell(x, y)
        if not self.map.in_bounds(r, c):
            return LETHAL
        return int(self.base_cost[r, c])

    def static_costs(self, xy: np.ndarray) -> np.ndarray:
        """Vectorised static_cost for points (N, 2)."""
        rows = np.floor((xy[:, 1] - self.map.origin_y) / self.res).astype(np.int64)
        cols = np.floor((xy[:, 0] - self.map.origin_x) / self.res).astype(np.int64)
        inside = (rows >= 0) & (rows < self.map.height) & (cols >= 0) & (cols < self.map.width)
        out = np.full(len(xy), LETHAL, dtype=np.int32)
        out[inside] = self.base_cost[rows[inside], cols[inside]]
        return out

    def static_distances(self, xy: np.ndarray) -> np.ndarray:
        """Distance (m) from each point (N, 2) to the nearest wall or keepout cell; 0 off map."""
        rows = np.floor((xy[:, 1] - self.map.origin_y) / self.res).astype(np.int64)
        cols = np.floor((xy[:, 0] - self.map.origin_x) / self.res).astype(np.int64)
        inside = (rows >= 0) & (rows < self.map.height) & (cols >= 0) & (cols < self.map.width)
        out = np.zeros(len(xy), dtype=np.float32)
        out[inside] = self.base_distance[rows[inside], cols[inside]]
        return out

    def in_keepout(self, x: float, y: float) -> bool:
        r, c = self.cell(x, y)
        return self.map.in_bounds(r, c) and bool(self.keepout_lethal[r, c])

    def speed_limit(self, x: float, y: float, max_speed: float) -> float:
        """Speed filter: the speed (m/s) allowed at (x, y); max_speed where no zone applies."""
        if self.speed_mask is None:
            return max_speed
        r, c = self.cell(x, y)
        if not self.map.in_bounds(r, c):
            return max_speed
        limit = float(self.speed_mask[r, c])
        if limit <= 0:
            return max_speed
        if self.cfg.speed_filter_type == 1:
            limit = max_speed * min(limit, 100.0) / 100.0
        return min(limit, max_speed)

    def mark_points(self) -> np.ndarray:
        """Centres (N, 2) of the obstacle layer's marked cells."""
        rows, cols = np.divmod(self.marks, self.map.width)
        return np.column_stack(
            (
                self.map.origin_x + (cols + 0.5) * self.res,
                self.map.origin_y + (rows + 0.5) * self.res,
            )
        )

    # -- obstacle layer ---------------------------------------------------------------------
    def clear_obstacles(self) -> None:
        """Recovery 'clear costmap': forget every mark; the next scan marks what is still there."""
        self.marks = np.zeros(0, dtype=np.int64)

    def update_obstacles(self, scan: Scan) -> None:
        """Clear marks that rays now pass through, then mark new returns (Nav2 ObstacleLayer)."""
        cfg = self.cfg
        if len(self.marks):
            pts = self.mark_points()
            dx = pts[:, 0] - scan.origin_x
            dy = pts[:, 1] - scan.origin_y
            dist = np.hypot(dx, dy)
            bearing = np.arctan2(dy, dx)
            # Range the scan measured in the direction of each mark (nearest ray by angle).
            order = np.argsort(scan.angles)
            angles = scan.angles[order]
            ranges = np.where(np.isfinite(scan.ranges[order]), scan.ranges[order], np.inf)
            ranges = np.where(ranges > scan.range_max, np.inf, ranges)
            wrapped = (bearing - angles[0]) % (2 * math.pi) + angles[0]
            idx = np.clip(np.searchsorted(angles, wrapped), 0, len(angles) - 1)
            idx_prev = np.clip(idx - 1, 0, len(angles) - 1)
            seen = np.minimum(ranges[idx], ranges[idx_prev])
            cleared = (dist < seen - 2.0 * self.res) & (dist < cfg.raytrace_max_range)
            self.marks = self.marks[~cleared]
        hits = scan.hit_points()
        if len(hits):
            near = np.hypot(hits[:, 0] - scan.origin_x, hits[:, 1] - scan.origin_y)
            hits = hits[near <= cfg.obstacle_max_range]
            rows = np.floor((hits[:, 1] - self.map.origin_y) / self.res).astype(np.int64)
            cols = np.floor((hits[:, 0] - self.map.origin_x) / self.res).astype(np.int64)
            ok = (rows >= 0) & (rows < self.map.height) & (cols >= 0) & (cols < self.map.width)
            rows, cols = rows[ok], cols[ok]
            new = ~self._near_static[rows, cols]
            flat = rows[new] * self.map.width + cols[new]
            self.marks = np.union1d(self.marks, flat)
