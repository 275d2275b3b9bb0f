"""A site's world for the 2D simulator and the navigator: occupancy grid, dock, zones.

Built from sim/worlds/<site>.sdf (collision geometry at robot height), cached on disk by the
SDF's hash, so a second load takes milliseconds. Plain Python + numpy, no ROS.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from concierge_sim.sdf import SdfWorld, Shape, parse_sdf

FREE, OCCUPIED, UNKNOWN = 0, 100, -1
MAP_MARGIN_M = 1.0
RASTER_VERSION = "1"  # bump when rasterization changes, to invalidate caches
ROBOT_RADIUS_M = 0.3


def sim_root() -> Path:
    return Path(__file__).resolve().parents[1]


def world_path(site: str) -> Path:
    path = sim_root() / "worlds" / f"{site}.sdf"
    if not path.is_file():
        known = sorted(p.stem for p in (sim_root() / "worlds").glob("*.sdf"))
        raise FileNotFoundError(f"no world for site {site!r} (known: {', '.join(known)})")
    return path


@dataclass
class OccupancyGrid2D:
    """Like nav_msgs/OccupancyGrid: data[row, col], row 0 at origin_y (the bottom)."""

    data: np.ndarray  # int8 (H, W): 0 free, 100 occupied, -1 unknown
    resolution: float
    origin_x: float
    origin_y: float

    @property
    def width(self) -> int:
        return int(self.data.shape[1])

    @property
    def height(self) -> int:
        return int(self.data.shape[0])

    def world_to_cell(self, x: float, y: float) -> tuple[int, int]:
        """(col, row) of the cell containing (x, y); may be outside the grid."""
        return (
            int(math.floor((x - self.origin_x) / self.resolution)),
            int(math.floor((y - self.origin_y) / self.resolution)),
        )

    def cell_to_world(self, col: int, row: int) -> tuple[float, float]:
        """Centre of cell (col, row)."""
        return (
            self.origin_x + (col + 0.5) * self.resolution,
            self.origin_y + (row + 0.5) * self.resolution,
        )

    def in_bounds(self, col: int, row: int) -> bool:
        return 0 <= col < self.width and 0 <= row < self.height

    def value(self, x: float, y: float) -> int:
        col, row = self.world_to_cell(x, y)
        return int(self.data[row, col]) if self.in_bounds(col, row) else UNKNOWN

    def is_free(self, x: float, y: float) -> bool:
        return self.value(x, y) == FREE

    def cell_centres(self) -> tuple[np.ndarray, np.ndarray]:
        xs = self.origin_x + (np.arange(self.width) + 0.5) * self.resolution
        ys = self.origin_y + (np.arange(self.height) + 0.5) * self.resolution
        return xs, ys


@dataclass
class World:
    site: str
    grid: OccupancyGrid2D
    obstacles: list[Shape]  # static collision footprints (boxes, cylinders)
    dock_face: tuple[float, float, float]  # centre of the dock's front face, facing yaw
    dock_pose: tuple[float, float, float]  # robot base_link pose when docked (faces the dock)
    keepout: list[np.ndarray]  # polygons, (N, 2) arrays in the map frame
    speed_zones: list[tuple[np.ndarray, float]]  # (polygon, max_speed_mps)
    zone_names: dict[str, str] = field(default_factory=dict)  # zone model name -> kind
    # every dock's docked pose by its name (= its place id in content): a fleet, one per robot
    dock_poses: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    sdf_path: Path | None = None
    cache_file: Path | None = None  # the grid's cache; the clearance is cached beside it
    _keepout_shapes: list[Shape] = field(default_factory=list, repr=False)
    _speed_shapes: list[tuple[Shape, float]] = field(default_factory=list, repr=False)
    _clearance: np.ndarray | None = field(default=None, repr=False)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(x_min, y_min, x_max, y_max) of the grid."""
        g = self.grid
        return (
            g.origin_x,
            g.origin_y,
            g.origin_x + g.width * g.resolution,
            g.origin_y + g.height * g.resolution,
        )

    def keepout_mask(self) -> np.ndarray:
        """bool (H, W): cells inside a keepout zone."""
        mask = np.zeros(self.grid.data.shape, dtype=bool)
        for shape in self._keepout_shapes:
            stamp_shape(mask, self.grid, shape, True)
        return mask

    def speed_mask(self) -> np.ndarray:
        """float32 (H, W): max speed in m/s inside speed zones, 0 where unlimited."""
        mask = np.zeros(self.grid.data.shape, dtype=np.float32)
        for shape, speed in self._speed_shapes:
            stamp_shape(mask, self.grid, shape, speed)
        return mask

    def in_keepout(self, x: float, y: float) -> bool:
        return any(_inside(s, x, y) for s in self._keepout_shapes)

    def speed_limit(self, x: float, y: float) -> float | None:
        limits = [v for s, v in self._speed_shapes if _inside(s, x, y)]
        return min(limits) if limits else None

    def clearance(self) -> np.ndarray:
        """float32 (H, W): distance in m from each cell to the nearest occupied cell."""
        if self._clearance is not None:
            return self._clearance
        cached = (
            self.cache_file.with_name(self.cache_file.stem + "_clearance.npy")
            if (self.cache_file)
            else None
        )
        if cached is not None and cached.is_file():
            try:
                data = np.load(cached, allow_pickle=False)
                if data.shape == self.grid.data.shape and data.dtype == np.float32:
                    self._clearance = data
                    return data
            except (OSError, ValueError):
                pass  # rebuilt below
        from scipy.ndimage import distance_transform_edt

        free = self.grid.data != OCCUPIED
        self._clearance = distance_transform_edt(free).astype(np.float32) * np.float32(
            self.grid.resolution
        )
        if cached is not None:
            try:
                tmp = cached.with_name(cached.stem + f".{os.getpid()}.tmp.npy")
                np.save(tmp, self._clearance, allow_pickle=False)
                tmp.replace(cached)
            except OSError:
                pass
        return self._clearance


def _inside(shape: Shape, x: float, y: float) -> bool:
    dx, dy = x - shape.x, y - shape.y
    if shape.kind == "cylinder":
        return dx * dx + dy * dy <= shape.radius**2
    c, s = math.cos(shape.yaw), math.sin(shape.yaw)
    lx, ly = c * dx + s * dy, -s * dx + c * dy
    return abs(lx) <= shape.sx / 2 and abs(ly) <= shape.sy / 2


def stamp_shape(target: np.ndarray, grid: OccupancyGrid2D, shape: Shape, value) -> None:
    """Set target cells whose centre lies inside shape (bbox-limited, vectorised)."""
    poly = np.array(shape.polygon())
    res = grid.resolution
    c0 = max(int(math.floor((poly[:, 0].min() - grid.origin_x) / res)) - 1, 0)
    c1 = min(int(math.ceil((poly[:, 0].max() - grid.origin_x) / res)) + 1, grid.width)
    r0 = max(int(math.floor((poly[:, 1].min() - grid.origin_y) / res)) - 1, 0)
    r1 = min(int(math.ceil((poly[:, 1].max() - grid.origin_y) / res)) + 1, grid.height)
    if c0 >= c1 or r0 >= r1:
        return
    xs = grid.origin_x + (np.arange(c0, c1) + 0.5) * res
    ys = grid.origin_y + (np.arange(r0, r1) + 0.5) * res
    dx = xs[None, :] - shape.x
    dy = ys[:, None] - shape.y
    eps = 1e-9
    if shape.kind == "cylinder":
        inside = dx * dx + dy * dy <= shape.radius**2 + eps
    else:
        c, s = math.cos(shape.yaw), math.sin(shape.yaw)
        lx = c * dx + s * dy
        ly = -s * dx + c * dy
        inside = (np.abs(lx) <= shape.sx / 2 + eps) & (np.abs(ly) <= shape.sy / 2 + eps)
    target[r0:r1, c0:c1][inside] = value


def rasterize(sdf: SdfWorld, resolution_m: float) -> OccupancyGrid2D:
    fx0, fy0, fx1, fy1 = sdf.floor
    ox, oy = fx0 - MAP_MARGIN_M, fy0 - MAP_MARGIN_M
    w = int(round((fx1 - fx0 + 2 * MAP_MARGIN_M) / resolution_m))
    h = int(round((fy1 - fy0 + 2 * MAP_MARGIN_M) / resolution_m))
    grid = OccupancyGrid2D(np.full((h, w), UNKNOWN, dtype=np.int8), resolution_m, ox, oy)
    floor = Shape(
        "ground_floor", "box", (fx0 + fx1) / 2, (fy0 + fy1) / 2, 0.0, fx1 - fx0, fy1 - fy0
    )
    stamp_shape(grid.data, grid, floor, FREE)
    for shape in sdf.obstacles:
        stamp_shape(grid.data, grid, shape, OCCUPIED)
    return grid


def _cache_dir() -> Path:
    try:
        from concierge_content.paths import cache_root

        return cache_root() / "sim"
    except (ImportError, RuntimeError):
        return sim_root().parent / "var" / "cache" / "sim"


def load_world(site: str, resolution_m: float | None = None, use_cache: bool = True) -> World:
    """The world of a site. resolution_m None = the site's map resolution (from its SDF:
    city_hall 0.05 m, arboretum 0.10 m), which is also what `sim export-maps` writes."""
    path = world_path(site)
    raw = path.read_bytes()
    sdf = parse_sdf(path)
    res = float(resolution_m or sdf.map_resolution_m)
    if res <= 0:
        raise ValueError(f"resolution_m must be > 0, got {res}")
    key = hashlib.sha256(raw + f"|{res:.6f}|{RASTER_VERSION}".encode()).hexdigest()[:16]
    cache = _cache_dir() / f"{site}_{res:.3f}_{key}.npy"
    grid = None
    if use_cache and cache.is_file():
        try:
            data = np.load(cache, allow_pickle=False)
            grid = _grid_for(sdf, res, data)
        except (OSError, ValueError):
            grid = None  # a broken cache file is rebuilt, never trusted
    if grid is None:
        grid = rasterize(sdf, res)
        if use_cache:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_name(cache.stem + f".{os.getpid()}.tmp.npy")
                np.save(tmp, grid.data, allow_pickle=False)
                tmp.replace(cache)
            except OSError:
                pass  # read-only checkout: work without a cache
    d = ROBOT_RADIUS_M + sdf.docked_gap_m

    def docked(face):
        dx, dy, dyaw = face
        return (dx + d * math.cos(dyaw), dy + d * math.sin(dyaw), _wrap(dyaw + math.pi))

    dock_pose = docked(sdf.dock_face)
    keepout_shapes = [_zone_shape(n, p) for n, p in sdf.keepout]
    speed_shapes = [(_zone_shape(n, p), v) for n, p, v in sdf.speed_zones]
    return World(
        site=site,
        grid=grid,
        obstacles=sdf.obstacles,
        dock_face=sdf.dock_face,
        dock_pose=dock_pose,
        dock_poses={name: docked(face) for name, face in sdf.dock_faces.items()},
        keepout=[np.array(p) for _, p in sdf.keepout],
        speed_zones=[(np.array(p), v) for _, p, v in sdf.speed_zones],
        zone_names={n: "keepout" for n, _ in sdf.keepout}
        | {n: "speed" for n, _, _ in sdf.speed_zones},
        sdf_path=path,
        cache_file=cache if use_cache else None,
        _keepout_shapes=keepout_shapes,
        _speed_shapes=speed_shapes,
    )


def _grid_for(sdf: SdfWorld, res: float, data: np.ndarray) -> OccupancyGrid2D:
    fx0, fy0, fx1, fy1 = sdf.floor
    w = int(round((fx1 - fx0 + 2 * MAP_MARGIN_M) / res))
    h = int(round((fy1 - fy0 + 2 * MAP_MARGIN_M) / res))
    if data.shape != (h, w) or data.dtype != np.int8:
        raise ValueError("cache shape mismatch")
    return OccupancyGrid2D(data, res, fx0 - MAP_MARGIN_M, fy0 - MAP_MARGIN_M)


def _zone_shape(name: str, poly: list[tuple[float, float]]) -> Shape:
    """Zones are boxes in the SDF: recover centre, size and yaw from the 4 corners."""
    p = np.array(poly)
    cx, cy = p.mean(axis=0)
    ex, ey = p[1] - p[0]
    fx, fy = p[2] - p[1]
    return Shape(
        name,
        "box",
        float(cx),
        float(cy),
        math.atan2(ey, ex),
        math.hypot(ex, ey),
        math.hypot(fx, fy),
    )


def _wrap(a: float) -> float:
    return math.atan2(math.sin(a), math.cos(a))
