"""A Nav2 map (yaml + pgm) as the console draws it: world metres <-> image pixels. Plain Python;
the map file is the one places.yaml names (SiteContent.map_path)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass
class MapGeometry:
    image_path: Path
    resolution: float
    origin_x: float
    origin_y: float
    height_px: int = 0

    @classmethod
    def load(cls, yaml_path: Path) -> MapGeometry:
        """ValueError with the file name when the map files are missing or malformed."""
        try:
            data = yaml.safe_load(Path(yaml_path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ValueError(f"map {yaml_path}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise ValueError(f"map {yaml_path}: not YAML ({exc})") from None
        try:
            image = Path(yaml_path).parent / str(data["image"])
            res = float(data["resolution"])
            ox, oy = float(data["origin"][0]), float(data["origin"][1])
        except (KeyError, TypeError, ValueError, IndexError):
            raise ValueError(f"map {yaml_path}: needs image, resolution and origin") from None
        if res <= 0:
            raise ValueError(f"map {yaml_path}: resolution must be > 0")
        if not image.is_file():
            raise ValueError(f"map {yaml_path}: image {image.name} is missing")
        return cls(image, res, ox, oy)

    def to_pixel(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.origin_x) / self.resolution, self.height_px - (
            y - self.origin_y
        ) / self.resolution

    def to_world(self, px: float, py: float) -> tuple[float, float]:
        return px * self.resolution + self.origin_x, (
            self.height_px - py
        ) * self.resolution + self.origin_y
