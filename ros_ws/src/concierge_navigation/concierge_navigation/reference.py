"""Reference figures for the benchmark: reachable free space and the shortest free path."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import label

from .config import NavConfig, PlannerConfig
from .costmap import INSCRIBED, Costmap
from .planner import GlobalPlanner, path_length


class Reference:
    """Shortest collision-free path (footprint may touch nothing; no inflation preference),
    at full resolution, smoothed by string pulling: the yardstick for path_ratio."""

    def __init__(self, costmap: Costmap) -> None:
        self.costmap = costmap
        cfg = PlannerConfig(downsample_factor=1, cost_penalty=0.0, smoother_max_cost=INSCRIBED - 1)
        self.planner = GlobalPlanner(costmap, cfg)
        free = costmap.base_cost < INSCRIBED
        labels, _ = label(free)
        sizes = np.bincount(labels.ravel())
        sizes[0] = 0
        self.reachable = labels == int(sizes.argmax())

    def shortest_m(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        return path_length(self.planner.plan(a, b).path)

    def sample_pairs(
        self, rng: np.random.Generator, n: int, min_dist_m: float = 5.0, clear_cost: int = 60
    ) -> list[tuple[tuple[float, float, float], tuple[float, float, float]]]:
        """n (start, goal) poses in the main free area, well clear of walls, min_dist_m apart."""
        cm = self.costmap
        ok = self.reachable & (cm.base_cost <= clear_cost)
        border = int(1.5 / cm.res)  # the map's outer margin is outside the site
        ok[:border, :] = ok[-border:, :] = ok[:, :border] = ok[:, -border:] = False
        cells = np.argwhere(ok)
        pairs = []
        while len(pairs) < n:
            a, b = cells[rng.integers(len(cells), size=2)]
            pa, pb = cm.map.cell_to_world(*a), cm.map.cell_to_world(*b)
            if np.hypot(pa[0] - pb[0], pa[1] - pb[1]) < min_dist_m:
                continue
            pairs.append(
                (
                    (pa[0], pa[1], float(rng.uniform(-np.pi, np.pi))),
                    (pb[0], pb[1], float(rng.uniform(-np.pi, np.pi))),
                )
            )
        return pairs


__all__ = ["NavConfig", "Reference"]
