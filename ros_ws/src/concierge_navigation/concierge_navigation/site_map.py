"""Find and load a site's map, masks and dock pose (shared by the node and the benchmark)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import NavConfig
from .controller import Pose2D
from .costmap import Costmap
from .grid import GridMap, MapError, load_map_yaml


@dataclass
class SiteMap:
    static: GridMap
    keepout: GridMap | None
    speed: GridMap | None
    map_yaml: Path


def maps_dir() -> Path:
    from concierge_content.paths import repo_root

    return repo_root() / "sim" / "maps"


def load_site_map(site: str = "", map_yaml: str = "") -> SiteMap:
    """map_yaml wins; else sim/maps/<site>.yaml. Masks are <stem>_keepout.yaml / _speed.yaml."""
    if map_yaml:
        path = Path(map_yaml)
    elif site:
        path = maps_dir() / f"{site}.yaml"
    else:
        raise MapError("set either the 'map_yaml' or the 'site' parameter")
    if not path.is_file():
        known = sorted(p.stem for p in path.parent.glob("*.yaml") if "_" not in p.stem)
        raise MapError(f"{path}: no such map (maps there: {', '.join(known) or 'none'})")
    static = load_map_yaml(path)
    masks = {}
    for kind in ("keepout", "speed"):
        mask_path = path.with_name(f"{path.stem}_{kind}.yaml")
        masks[kind] = load_map_yaml(mask_path) if mask_path.is_file() else None
    return SiteMap(static, masks["keepout"], masks["speed"], path)


def build_costmap(site_map: SiteMap, cfg: NavConfig) -> Costmap:
    return Costmap(site_map.static, cfg.costmap, site_map.keepout, site_map.speed)


def site_dock_pose(site: str) -> Pose2D:
    """The pose the robot has when docked, from the simulator's world (the SDF's dock)."""
    from concierge_sim.world import load_world

    x, y, yaw = load_world(site).dock_pose
    return Pose2D(float(x), float(y), float(yaw))
