"""Read an SDF world into 2D shapes: collision geometry at robot height, the dock and zones."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

NS = "https://concierge.invalid/sdf"
# Collision geometry whose vertical extent overlaps this band blocks the robot and the lidar.
ROBOT_BAND_Z = (0.02, 1.5)
DEFAULT_DOCKED_GAP_M = 0.03


class SdfError(ValueError):
    """The world file cannot be used; the message names the element."""


@dataclass(frozen=True)
class Shape:
    """A 2D footprint: kind 'box' (sx, sy, yaw) or 'cylinder' (radius) at (x, y)."""

    name: str
    kind: str
    x: float
    y: float
    yaw: float = 0.0
    sx: float = 0.0
    sy: float = 0.0
    radius: float = 0.0

    def polygon(self) -> list[tuple[float, float]]:
        if self.kind == "cylinder":
            n = 24
            return [
                (
                    self.x + self.radius * math.cos(2 * math.pi * i / n),
                    self.y + self.radius * math.sin(2 * math.pi * i / n),
                )
                for i in range(n)
            ]
        c, s = math.cos(self.yaw), math.sin(self.yaw)
        hx, hy = self.sx / 2, self.sy / 2
        return [
            (self.x + c * px - s * py, self.y + s * px + c * py)
            for px, py in ((-hx, -hy), (hx, -hy), (hx, hy), (-hx, hy))
        ]


@dataclass
class SdfWorld:
    name: str
    obstacles: list[Shape] = field(default_factory=list)
    floor: tuple[float, float, float, float] | None = None  # x0 y0 x1 y1 of ground_floor
    dock_face: tuple[float, float, float] | None = None  # front-face centre, facing yaw
    # every charging dock by its name in the world (the dock's place id in content); the one
    # named charging_dock (else the first) is dock_face, the single robot's
    dock_faces: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    docked_gap_m: float = DEFAULT_DOCKED_GAP_M
    map_resolution_m: float = 0.05
    keepout: list[tuple[str, list[tuple[float, float]]]] = field(default_factory=list)
    speed_zones: list[tuple[str, list[tuple[float, float]], float]] = field(default_factory=list)


def _pose(el: ET.Element | None, where: str) -> tuple[float, float, float, float]:
    """(x, y, z, yaw) of a <pose> child; roll/pitch must be zero for a 2D world."""
    if el is None:
        return (0.0, 0.0, 0.0, 0.0)
    p = el.find("pose")
    if p is None or not (p.text or "").strip():
        return (0.0, 0.0, 0.0, 0.0)
    if p.get("relative_to"):
        raise SdfError(f"{where}: pose relative_to is not supported by the 2D simulator")
    try:
        v = [float(t) for t in p.text.split()]
    except ValueError:
        raise SdfError(f"{where}: pose is not 6 numbers: {p.text!r}") from None
    if len(v) != 6:
        raise SdfError(f"{where}: pose needs 6 numbers, got {len(v)}")
    if abs(v[3]) > 1e-6 or abs(v[4]) > 1e-6:
        raise SdfError(f"{where}: roll/pitch must be 0 for collision geometry in a 2D map")
    return (v[0], v[1], v[2], v[5])


def _compose(a, b):
    x, y, z, yaw = a
    c, s = math.cos(yaw), math.sin(yaw)
    return (x + c * b[0] - s * b[1], y + s * b[0] + c * b[1], z + b[2], yaw + b[3])


def _numbers(el: ET.Element | None, tag: str, where: str, n: int) -> list[float]:
    t = el.find(tag) if el is not None else None
    if t is None or not (t.text or "").strip():
        raise SdfError(f"{where}: missing <{tag}>")
    try:
        v = [float(s) for s in t.text.split()]
    except ValueError:
        raise SdfError(f"{where}: <{tag}> is not numeric: {t.text!r}") from None
    if len(v) != n or any(x <= 0 for x in v):
        raise SdfError(f"{where}: <{tag}> needs {n} positive numbers")
    return v


def _geometry(el: ET.Element, where: str):
    """(kind, dims, height) for box/cylinder/sphere; None for geometry we cannot rasterize."""
    g = el.find("geometry")
    if g is None:
        raise SdfError(f"{where}: missing <geometry>")
    if (b := g.find("box")) is not None:
        sx, sy, sz = _numbers(b, "size", where, 3)
        return ("box", (sx, sy), sz)
    if (c := g.find("cylinder")) is not None:
        (r,) = _numbers(c, "radius", where, 1)
        (h,) = _numbers(c, "length", where, 1)
        return ("cylinder", (r,), h)
    if (s := g.find("sphere")) is not None:
        (r,) = _numbers(s, "radius", where, 1)
        return ("cylinder", (r,), 2 * r)
    if g.find("plane") is not None:
        return None
    raise SdfError(f"{where}: only box, cylinder, sphere and plane geometry are supported")


def parse_sdf(path: Path | str) -> SdfWorld:
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise SdfError(f"{path}: not well-formed XML: {exc}") from None
    if root.tag != "sdf":
        raise SdfError(f"{path}: root element is <{root.tag}>, expected <sdf>")
    world = root.find("world")
    if world is None or not world.get("name"):
        raise SdfError(f"{path}: missing <world name=...>")
    out = SdfWorld(name=world.get("name"))
    res = world.find(f"{{{NS}}}map_resolution_m")
    if res is not None:
        out.map_resolution_m = float(res.text)
    lo, hi = ROBOT_BAND_Z
    for model, mname, mpose in _models(world, path):
        if mname.startswith("zone_keepout_") or mname.startswith("zone_speed_"):
            poly = _zone_polygon(model, mpose, f"{path}: model {mname}")
            if mname.startswith("zone_keepout_"):
                out.keepout.append((mname, poly))
            else:
                sp = model.find(f"{{{NS}}}max_speed_mps")
                try:
                    speed = float(sp.text)
                except (AttributeError, TypeError, ValueError):
                    raise SdfError(
                        f"{path}: model {mname}: needs <concierge:max_speed_mps>"
                    ) from None
                out.speed_zones.append((mname, poly, speed))
            continue
        if model.get("name") == "charging_dock":  # the model; mname is this instance's name
            out.dock_faces[mname] = (mpose[0], mpose[1], mpose[3])
            gap = model.find(f"{{{NS}}}docked_gap_m")
            if gap is not None:
                out.docked_gap_m = float(gap.text)
        for link in model.findall("link"):
            lname = link.get("name") or ""
            lpose = _compose(mpose, _pose(link, f"{path}: {mname}/{lname}"))
            for col in link.findall("collision"):
                where = f"{path}: {mname}/{lname}/{col.get('name')}"
                geo = _geometry(col, where)
                if geo is None:
                    continue
                kind, dims, height = geo
                cx, cy, cz, cyaw = _compose(lpose, _pose(col, where))
                if mname == "ground_floor":
                    out.floor = (
                        cx - dims[0] / 2,
                        cy - dims[1] / 2,
                        cx + dims[0] / 2,
                        cy + dims[1] / 2,
                    )
                    continue
                if cz + height / 2 < lo or cz - height / 2 > hi:
                    continue  # entirely below or above the robot
                name = f"{mname}/{lname}" if len(model.findall("link")) > 1 else mname
                if kind == "box":
                    out.obstacles.append(
                        Shape(name, "box", cx, cy, yaw=cyaw, sx=dims[0], sy=dims[1])
                    )
                else:
                    out.obstacles.append(Shape(name, "cylinder", cx, cy, radius=dims[0]))
    if out.floor is None:
        raise SdfError(f"{path}: missing model 'ground_floor' (it defines the map extent)")
    if not out.dock_faces:
        raise SdfError(f"{path}: missing model 'charging_dock'")
    out.dock_face = out.dock_faces.get("charging_dock", next(iter(out.dock_faces.values())))
    return out


def _models(world: ET.Element, path: Path):
    """(element, name, pose) of every model: inline ones and static model:// includes.
    Non-static included models (the robot) are not part of the map."""
    for model in world.findall("model"):
        name = model.get("name") or ""
        yield model, name, _pose(model, f"{path}: model {name}")
    for inc in world.findall("include"):
        uri = (inc.findtext("uri") or "").strip()
        if not uri.startswith("model://"):
            raise SdfError(f"{path}: include {uri!r}: only model:// URIs are supported")
        model_file = path.parent.parent / "models" / uri[len("model://") :] / "model.sdf"
        if not model_file.is_file():
            raise SdfError(f"{path}: include {uri!r}: {model_file} not found")
        try:
            model = ET.parse(model_file).getroot().find("model")
        except ET.ParseError as exc:
            raise SdfError(f"{model_file}: not well-formed XML: {exc}") from None
        if model is None:
            raise SdfError(f"{model_file}: no <model>")
        static = (inc.findtext("static") or model.findtext("static") or "false").strip()
        if static not in ("true", "1"):
            continue
        name = (inc.findtext("name") or model.get("name") or "").strip()
        pose = _compose(
            _pose(inc, f"{path}: include {name}"), _pose(model, f"{model_file}: model")
        )
        yield model, name, pose


def _zone_polygon(model: ET.Element, mpose, where: str) -> list[tuple[float, float]]:
    link = model.find("link")
    if link is None:
        raise SdfError(f"{where}: a zone needs one link with a box visual")
    if link.find("collision") is not None:
        raise SdfError(f"{where}: a zone must not have collision geometry")
    vis = link.find("visual")
    if vis is None:
        raise SdfError(f"{where}: a zone needs a box visual")
    kind, dims, _ = _geometry(vis, where) or (None, None, None)
    if kind != "box":
        raise SdfError(f"{where}: a zone visual must be a box")
    lpose = _compose(_compose(mpose, _pose(link, where)), _pose(vis, where))
    return Shape(
        model.get("name"), "box", lpose[0], lpose[1], lpose[3], dims[0], dims[1]
    ).polygon()
