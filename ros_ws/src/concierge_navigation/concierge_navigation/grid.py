"""Occupancy grids in the map frame and the Nav2 map_server file format (yaml + pgm)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from concierge_content.pgm import PgmError, read_pgm


class MapError(ValueError):
    """A map or mask file that cannot be used; the message names the file and the problem."""


@dataclass
class GridMap:
    """OccupancyGrid-like: data[row, col], row 0 at origin y; -1 or 0..100 (raw masks 0..255)."""

    data: np.ndarray
    resolution: float
    origin_x: float
    origin_y: float

    @property
    def height(self) -> int:
        return int(self.data.shape[0])

    @property
    def width(self) -> int:
        return int(self.data.shape[1])

    def world_to_cell(self, x: float, y: float) -> tuple[int, int]:
        """(row, col) of the cell holding (x, y); may lie outside the grid."""
        return (
            int(math.floor((y - self.origin_y) / self.resolution)),
            int(math.floor((x - self.origin_x) / self.resolution)),
        )

    def cell_to_world(self, row: float, col: float) -> tuple[float, float]:
        """Centre of cell (row, col) in metres."""
        return (
            self.origin_x + (col + 0.5) * self.resolution,
            self.origin_y + (row + 0.5) * self.resolution,
        )

    def in_bounds(self, row: int, col: int) -> bool:
        return 0 <= row < self.height and 0 <= col < self.width

    def contains(self, x: float, y: float) -> bool:
        return self.in_bounds(*self.world_to_cell(x, y))


def load_map_yaml(path: str | Path) -> GridMap:
    """Load a Nav2 map_server map (trinary or scale mode) as a GridMap (row 0 = bottom)."""
    path = Path(path)
    if not path.is_file():
        raise MapError(f"{path}: map file not found")
    meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in ("image", "resolution", "origin"):
        if key not in meta:
            raise MapError(f"{path}: missing '{key}'")
    image = path.parent / meta["image"]
    if image.suffix.lower() != ".pgm":
        raise MapError(f"{image}: only .pgm map images are supported")
    if not image.is_file():
        raise MapError(f"{image}: map image not found (named in {path})")
    try:
        pixels = read_pgm(image, bottom_up=False).astype(np.float32)
    except PgmError as exc:
        raise MapError(str(exc)) from None
    negate = int(meta.get("negate", 0))
    occ = pixels / 255.0 if negate else (255.0 - pixels) / 255.0
    occupied_thresh = float(meta.get("occupied_thresh", 0.65))
    free_thresh = float(meta.get("free_thresh", 0.25))
    mode = str(meta.get("mode", "trinary"))
    data = np.full(occ.shape, -1, dtype=np.int8)
    data[occ > occupied_thresh] = 100
    data[occ < free_thresh] = 0
    if mode == "scale":
        between = (occ >= free_thresh) & (occ <= occupied_thresh)
        scaled = 99.0 * (occ - free_thresh) / max(occupied_thresh - free_thresh, 1e-9)
        data[between] = np.clip(np.rint(scaled[between]), 1, 99).astype(np.int8)
    elif mode == "raw":  # Nav2: the pixel value itself (speed masks store cm/s this way)
        data = pixels.astype(np.int16)
    origin = meta["origin"]
    return GridMap(
        data=np.ascontiguousarray(np.flipud(data)),
        resolution=float(meta["resolution"]),
        origin_x=float(origin[0]),
        origin_y=float(origin[1]),
    )


def resample_to(mask: GridMap, target: GridMap, fill: int = 0) -> np.ndarray:
    """Mask values looked up at the centres of target's cells (masks may use another grid)."""
    rows = np.arange(target.height)
    cols = np.arange(target.width)
    ys = target.origin_y + (rows + 0.5) * target.resolution
    xs = target.origin_x + (cols + 0.5) * target.resolution
    mr = np.floor((ys - mask.origin_y) / mask.resolution).astype(int)
    mc = np.floor((xs - mask.origin_x) / mask.resolution).astype(int)
    out = np.full((target.height, target.width), fill, dtype=np.int16)
    rv = (mr >= 0) & (mr < mask.height)
    cv = (mc >= 0) & (mc < mask.width)
    sub = mask.data[np.ix_(mr[rv], mc[cv])].astype(np.int16)
    out[np.ix_(rv, cv)] = sub
    return out
