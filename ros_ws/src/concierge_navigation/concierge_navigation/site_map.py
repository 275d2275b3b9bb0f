"""Find and load a site's map, masks and dock pose (shared by the node and the benchmark).

Both come from content (content/sites/<site>/places.yaml: `map` and the dock's `docked_pose`),
the one source the simulator's world is checked against; navigation never reads the simulator.
"""

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


def load_site_map(site: str = "", map_yaml: str = "") -> SiteMap:
    """map_yaml wins; else the site's map from its places.yaml. Masks are <stem>_keepout.yaml /
    <stem>_speed.yaml beside it."""
    if map_yaml:
        path = Path(map_yaml)
    elif site:
        from concierge_content.places import load_places

        path = load_places(site).map_path()
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


def site_dock(site: str, namespace: str = "") -> tuple[str, Pose2D]:
    """The dock's id and the base pose on the charger, from the site's content: the dock of
    the robot in `namespace` (a fleet robot's own, content `fleet`), else the site's."""
    from concierge_content.places import load_places

    places = load_places(site)
    dock = places.get(places.roles_for(namespace)["dock"])
    p = dock.docked_pose
    assert p is not None  # every robot's dock has one (checked when loading)
    return dock.id, Pose2D(p.x, p.y, p.yaw)
