"""Places of a site (content/sites/<site>/places.yaml): typed models, loader and the checker.

A place is where the robot stops to serve it: a map pose in free space about a metre in front of
the counter or door, facing it. The checker reads the exported Nav2 map (sim/maps/<site>.pgm)
so a place off the map, in a wall or too close to one is caught with file:line.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
from pydantic import Field, field_validator

from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root, repo_root
from concierge_content.pgm import read_pgm
from concierge_content.textmodels import Strict as _Strict
from concierge_content.textmodels import Text, TextList
from concierge_content.yamlio import YamlDoc, load_yaml

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
RANGE_RE = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
HOURS_KEYS = {
    "daily",
    "weekdays",
    "weekends",
    "holidays",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
}
# A place must leave room for the robot (radius 0.3 m) plus a margin.
PLACE_CLEARANCE_M = 0.4


Aliases = TextList


class Pose(_Strict):
    x: float
    y: float
    yaw: float = Field(ge=-math.pi - 1e-3, le=math.pi + 1e-3)


def _check_hours(value: str) -> str:
    if value == "closed":
        return value
    for part in value.split(","):
        m = RANGE_RE.match(part.strip())
        if not m:
            raise ValueError(f"hours {value!r}: expected 'HH:MM-HH:MM[, HH:MM-HH:MM]' or 'closed'")
        h0, m0, h1, m1 = (int(g) for g in m.groups())
        if (h0 * 60 + m0) >= (h1 * 60 + m1) or h1 * 60 + m1 > 24 * 60:
            raise ValueError(f"hours {part.strip()!r}: the end must be after the start")
    return value


class Place(_Strict):
    id: str
    pose: Pose
    floor: str
    name: Text
    aliases: Aliases = Aliases()
    hours: dict[str, str]
    description: Text
    counter: Text | None = None  # e.g. "창구 3-5" / "Counters 3-5"
    # Only the dock: the base pose when on the charger (`pose` is the staging pose in front).
    docked_pose: Pose | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not ID_RE.match(v):
            raise ValueError(f"id {v!r}: use lower_snake_case")
        return v

    @field_validator("hours")
    @classmethod
    def _hours(cls, v: dict[str, str]) -> dict[str, str]:
        if not v:
            raise ValueError("hours: give at least one of " + ", ".join(sorted(HOURS_KEYS)))
        for key, value in v.items():
            if key not in HOURS_KEYS:
                raise ValueError(f"hours key {key!r}: use one of {', '.join(sorted(HOURS_KEYS))}")
            _check_hours(str(value))
        return v


ROLES = ("home", "dock", "staff_office")
REQUIRED_ROLES = ("home", "dock")


class FleetRobot(_Strict):
    """One robot of a site's fleet: its ROS namespace, its name on screens, and the roles
    (home, dock) that are its own; the site's roles fill in the rest."""

    namespace: str
    name: Text
    roles: dict[str, str] = {}

    @field_validator("namespace")
    @classmethod
    def _namespace(cls, v: str) -> str:
        if not ID_RE.match(v):
            raise ValueError(f"namespace {v!r}: use lower_snake_case (a ROS namespace)")
        return v

    @field_validator("roles")
    @classmethod
    def _roles(cls, v: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(v) - set(ROLES))
        if unknown:
            raise ValueError(f"unknown role(s) {', '.join(unknown)} (use {', '.join(ROLES)})")
        return v


class SitePlaces(_Strict):
    site: str
    map: str  # map_server yaml, relative to the repository root
    floors: list[str] = Field(min_length=1)
    # What the robot uses places for (home, dock, staff_office) -> place id. Code asks for a
    # role, never for a literal place id.
    roles: dict[str, str]
    # The places `concierge run` visits (then it docks): the demo scenario's route.
    demo_route: list[str] = []
    # Robots sharing the site, each in its own ROS namespace with its own home and dock
    # (issue 16); empty: one robot at the root namespace.
    fleet: list[FleetRobot] = []
    places: list[Place]

    @field_validator("roles")
    @classmethod
    def _roles(cls, v: dict[str, str]) -> dict[str, str]:
        problems = []
        unknown = sorted(set(v) - set(ROLES))
        if unknown:
            problems.append(f"unknown role(s) {', '.join(unknown)} (use {', '.join(ROLES)})")
        missing = [r for r in REQUIRED_ROLES if r not in v]
        if missing:
            problems.append(f"missing role(s) {', '.join(missing)}")
        if problems:
            raise ValueError("; ".join(problems))
        return v

    def get(self, place_id: str) -> Place:
        for p in self.places:
            if p.id == place_id:
                return p
        raise KeyError(f"unknown place {place_id!r} at {self.site}")

    def ids(self) -> list[str]:
        return [p.id for p in self.places]

    def role(self, role: str) -> Place:
        """The place that plays a role here; KeyError names the site and the role."""
        if role not in self.roles:
            raise KeyError(f"{self.site} has no {role!r} place (roles: {', '.join(self.roles)})")
        return self.get(self.roles[role])

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def fleet_robot(self, namespace: str) -> FleetRobot | None:
        """The fleet entry of a ROS namespace ('robot2', '/robot2'); None if it has none."""
        namespace = namespace.strip("/")
        return next((r for r in self.fleet if r.namespace == namespace), None)

    def roles_for(self, namespace: str = "") -> dict[str, str]:
        """The roles as one robot sees them: the site's, with its fleet entry's on top (the
        robot at the root namespace, or one the fleet does not list, has the site's)."""
        robot = self.fleet_robot(namespace)
        return {**self.roles, **(robot.roles if robot else {})}

    def dock_ids(self) -> list[str]:
        """Every charging dock of the site (the site's and each fleet robot's), in order."""
        ids = [self.roles["dock"]]
        for robot in self.fleet:
            if robot.roles.get("dock") and robot.roles["dock"] not in ids:
                ids.append(robot.roles["dock"])
        return ids

    @property
    def dock(self) -> Place:
        return self.role("dock")

    @property
    def docked_pose(self) -> Pose:
        """Where the base stands when charging (content: the dock place's docked_pose)."""
        dock = self.dock
        assert dock.docked_pose is not None  # checked when loading
        return dock.docked_pose

    def map_path(self) -> Path:
        """The Nav2 map yaml of this site (the one source of the map path)."""
        return repo_root() / self.map


def places_path(site: str, root: Path | None = None) -> Path:
    return (root or content_root()) / "sites" / site / "places.yaml"


def load_places(site: str, root: Path | None = None) -> SitePlaces:
    """Load and validate one site's places; raises ContentErrors (file:line) when bad."""
    path = places_path(site, root)
    if not path.is_file():
        raise FileNotFoundError(f"no places for site {site!r}: {path}")
    doc = load_yaml(path)
    return _validate(doc)


def _dock_ids(data: dict) -> set[str]:
    """Place ids that are some robot's dock in a raw places document (site role, fleet)."""
    ids = set()
    roles = data.get("roles")
    if isinstance(roles, dict) and isinstance(roles.get("dock"), str):
        ids.add(roles["dock"])
    for robot in data.get("fleet") or []:
        r_roles = robot.get("roles") if isinstance(robot, dict) else None
        if isinstance(r_roles, dict) and isinstance(r_roles.get("dock"), str):
            ids.add(r_roles["dock"])
    return ids


def _validate(doc: YamlDoc) -> SitePlaces:
    """Schema errors and cross-place errors (duplicate id, unknown floor), all at once."""
    if not isinstance(doc.data, dict):
        raise doc.error((), "places file must be a mapping with site, map, floors, places")
    errors: list[ContentError] = []
    model = None
    try:
        model = doc.validate(SitePlaces)
    except ContentErrors as exc:
        errors.extend(exc.errors)
    floors = doc.data.get("floors")
    floors = [str(f) for f in floors] if isinstance(floors, list) else None
    places = doc.data.get("places")
    seen: dict[str, int] = {}
    for i, p in enumerate(places if isinstance(places, list) else []):
        if not isinstance(p, dict):
            continue
        pid = p.get("id")
        if isinstance(pid, str):
            if pid in seen:
                errors.append(
                    doc.error(
                        ("places", i, "id"),
                        f"duplicate place id {pid!r} (first at line {seen[pid]})",
                    )
                )
            else:
                seen[pid] = doc.line(("places", i, "id"))
        if p.get("docked_pose") is not None and pid not in _dock_ids(doc.data):
            errors.append(
                doc.error(("places", i, "docked_pose"), "docked_pose belongs on the dock place")
            )
        floor = p.get("floor")
        if floors is not None and floor is not None and str(floor) not in floors:
            errors.append(
                doc.error(
                    ("places", i, "floor"),
                    f"unknown floor {floor!r} (floors: {', '.join(floors)})",
                )
            )
    role_entries = []  # (path in the document, role, place id)
    roles = doc.data.get("roles")
    for role, pid in roles.items() if isinstance(roles, dict) else ():
        role_entries.append((("roles", role), role, pid))
    fleet = doc.data.get("fleet")
    namespaces: dict[str, int] = {}
    fleet_docks: dict[str, str] = {}
    for i, robot in enumerate(fleet if isinstance(fleet, list) else []):
        if not isinstance(robot, dict):
            continue
        ns = robot.get("namespace")
        if isinstance(ns, str):
            if ns in namespaces:
                errors.append(
                    doc.error(
                        ("fleet", i, "namespace"),
                        f"duplicate namespace {ns!r} (first at line {namespaces[ns]})",
                    )
                )
            else:
                namespaces[ns] = doc.line(("fleet", i, "namespace"))
        r_roles = robot.get("roles")
        for role, pid in r_roles.items() if isinstance(r_roles, dict) else ():
            role_entries.append((("fleet", i, "roles", role), role, pid))
            if role == "dock" and isinstance(pid, str):
                if pid in fleet_docks:
                    errors.append(
                        doc.error(
                            ("fleet", i, "roles", role),
                            f"dock {pid!r} is already {fleet_docks[pid]}'s (one robot per dock)",
                        )
                    )
                fleet_docks[pid] = str(ns)
    for where, role, pid in role_entries:
        if isinstance(pid, str) and pid not in seen:
            errors.append(doc.error(where, f"role {role!r}: unknown place {pid!r}"))
        elif role == "dock" and isinstance(pid, str):
            i = next(i for i, p in enumerate(places) if isinstance(p, dict) and p.get("id") == pid)
            if places[i].get("docked_pose") is None:
                errors.append(
                    doc.error(
                        ("places", i, "id"),
                        f"the dock {pid!r} needs a docked_pose (the base pose on the charger)",
                    )
                )
    route = doc.data.get("demo_route")
    for i, pid in enumerate(route if isinstance(route, list) else []):
        if isinstance(pid, str) and pid not in seen:
            errors.append(doc.error(("demo_route", i), f"demo_route: unknown place {pid!r}"))
    if errors:
        errors.sort(key=lambda e: e.line or 0)
        raise ContentErrors(errors)
    assert model is not None
    return model


# ---------------------------------------------------------------------------- map checks
class NavMap:
    """A Nav2 map_server map (yaml + pgm), read without ROS: enough to judge a pose."""

    def __init__(self, yaml_path: Path):
        import yaml

        meta = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
        self.resolution = float(meta["resolution"])
        self.origin_x, self.origin_y = float(meta["origin"][0]), float(meta["origin"][1])
        self.pixels = read_pgm(yaml_path.parent / meta["image"])  # bottom row first
        occ = (255 - self.pixels.astype(np.float32)) / 255.0
        self.occupied = occ > float(meta.get("occupied_thresh", 0.65))
        self.free = occ < float(meta.get("free_thresh", 0.25))

    def cell(self, x: float, y: float) -> tuple[int, int]:
        return (
            int(math.floor((x - self.origin_x) / self.resolution)),
            int(math.floor((y - self.origin_y) / self.resolution)),
        )

    def problem(self, x: float, y: float, clearance_m: float) -> str | None:
        """Why the robot cannot stand at (x, y), or None if it can."""
        col, row = self.cell(x, y)
        h, w = self.pixels.shape
        if not (0 <= col < w and 0 <= row < h):
            return "is off the map"
        if self.occupied[row, col]:
            return "is inside a wall or obstacle"
        if not self.free[row, col]:
            return "is in an unknown (unmapped) area"
        r = int(math.ceil(clearance_m / self.resolution))
        r0, r1, c0, c1 = max(row - r, 0), min(row + r + 1, h), max(col - r, 0), min(col + r + 1, w)
        rr, cc = np.mgrid[r0:r1, c0:c1]
        near = (rr - row) ** 2 + (cc - col) ** 2 <= r * r
        if (self.occupied[r0:r1, c0:c1] & near).any():
            return (
                f"is closer than {clearance_m} m to a wall or obstacle (the robot would touch it)"
            )
        return None


def _map_errors(doc: YamlDoc, model: SitePlaces) -> list[ContentError]:
    map_yaml = repo_root() / model.map
    if not map_yaml.is_file():
        return [
            doc.error(("map",), f"map {model.map!r} not found (run `concierge sim export-maps`)")
        ]
    try:
        nav_map = NavMap(map_yaml)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [doc.error(("map",), f"map {model.map!r} unreadable: {exc}")]
    keepout = None
    keep_yaml = map_yaml.with_name(map_yaml.stem + "_keepout.yaml")
    if keep_yaml.is_file():
        keepout = NavMap(keep_yaml)
    errors = []
    for i, p in enumerate(model.places):
        why = nav_map.problem(p.pose.x, p.pose.y, PLACE_CLEARANCE_M)
        if why is None and keepout is not None:
            col, row = keepout.cell(p.pose.x, p.pose.y)
            if keepout.occupied[row, col]:
                why = "is inside a keepout zone (the robot may not go there)"
        if why:
            errors.append(
                doc.error(
                    ("places", i, "pose"), f"place {p.id!r} at ({p.pose.x}, {p.pose.y}) {why}"
                )
            )
    return errors


@register_check("places")
def check_places(root: Path) -> None:
    errors: list[ContentError] = []
    namespaces: dict[str, str] = {}  # fleet namespace -> its site: one console holds them all
    for path in sorted((root / "sites").glob("*/places.yaml")):
        try:
            doc = load_yaml(path)
            model = _validate(doc)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        except ContentError as exc:
            errors.append(exc)
            continue
        if model.site != path.parent.name:
            errors.append(
                doc.error(("site",), f"site {model.site!r} but the folder is {path.parent.name!r}")
            )
        errors.extend(_map_errors(doc, model))
        for i, robot in enumerate(model.fleet):
            other = namespaces.setdefault(robot.namespace, model.site)
            if other != model.site:
                errors.append(
                    doc.error(
                        ("fleet", i, "namespace"),
                        f"namespace {robot.namespace!r} is also a robot of {other!r} "
                        "(one console and one simulation can hold both sites)",
                    )
                )
    if errors:
        raise ContentErrors(errors)
