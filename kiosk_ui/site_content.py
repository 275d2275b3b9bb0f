"""What a site offers the robot screen and the operator console: places, services, staff,
courses, city-information cards, the places' roles (home, dock, staff office) and the map.

Read once per site through concierge_content (never parsed here); plain Python, no Qt.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from concierge_content.courses import load_courses
from concierge_content.paths import content_root
from concierge_content.places import load_places
from concierge_content.promotions import load_promotions
from concierge_content.services import load_services
from concierge_content.staff import load_staff

log = logging.getLogger(__name__)


def tr(value: Any, lang: str) -> str:
    """ko/en text from a KoEn model, a {ko, en} dict or a plain value."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("ko") or "")
    if hasattr(value, "ko"):
        return str(getattr(value, lang, None) or value.ko)
    return str(value)


def _words(value: Any) -> list[str]:
    """Every ko/en string inside a name/alias value (KoEn, KoEnList, dict, list, str)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [w for v in value.values() for w in _words(v)]
    if isinstance(value, (list, tuple)):
        return [w for v in value for w in _words(v)]
    if hasattr(value, "model_dump"):
        return _words(value.model_dump())
    return [str(value)]


def _norm(text: str) -> str:
    return "".join(text.lower().split())


@dataclass
class Item:
    """One thing a visitor can pick: a place, a service, a staff member or a course."""

    id: str
    name: Any  # KoEn-like
    words: list[str]
    source: Any = None  # the content model behind it

    def label(self, lang: str) -> str:
        return tr(self.name, lang)


def search(items: Iterable[Item], query: str) -> list[Item]:
    """Items whose name or alias contains the query (spaces and case ignored); prefix first."""
    q = _norm(query)
    items = list(items)
    if not q:
        return items
    hits: list[tuple[int, int, Item]] = []
    for i, item in enumerate(items):
        words = [_norm(w) for w in item.words]
        if any(w.startswith(q) for w in words):
            hits.append((0, i, item))
        elif any(q in w for w in words):
            hits.append((1, i, item))
    return [item for _, _, item in sorted(hits, key=lambda h: (h[0], h[1]))]


@dataclass
class SiteContent:
    """Everything the robot UI shows for one site, loaded once; missing parts stay empty (and
    say why in `problems`) so a screen still opens."""

    site: str
    places: list[Item] = field(default_factory=list)  # what visitors can ask for (not the dock)
    services: list[Item] = field(default_factory=list)
    staff: list[Item] = field(default_factory=list)
    courses: list[Item] = field(default_factory=list)
    promotions: Any = None
    roles: dict[str, str] = field(default_factory=dict)  # role (home, dock, ...) -> place id
    # a fleet robot's roles (its own home and dock over the site's), by ROS namespace
    fleet_roles: dict[str, dict[str, str]] = field(default_factory=dict)
    map_path: Path | None = None  # the site's Nav2 map yaml, as places.yaml names it
    problems: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, site: str, root: Path | None = None) -> SiteContent:
        """Cached: content does not change while the kiosk runs, and loading takes seconds."""
        return _load_site_content(site, root)

    def role(self, role: str) -> str | None:
        """The place id that plays `role` here (home, dock, staff_office), None if none does."""
        return self.roles.get(role)

    def place(self, place_id: str) -> Item | None:
        return next((p for p in self.places if p.id == place_id), None)

    def find(self, kind: str, item_id: str) -> Item | None:
        return next((i for i in getattr(self, kind) if i.id == item_id), None)

    def position(self, place_id: str) -> tuple[float, float] | None:
        """A visitor's place on the map (x, y), None if it is not one (a course, a dock)."""
        item = self.find("places", place_id)
        pose = getattr(item.source, "pose", None) if item is not None else None
        return (pose.x, pose.y) if pose is not None else None

    def _try(self, what: str, fn: Callable[[], Any], empty: Any) -> Any:
        try:
            return fn()
        except Exception as exc:  # missing or broken content shows a message, not a crash
            self.problems.append(f"{what}: {exc}")
            log.warning("robot UI: no %s for %s: %s", what, self.site, exc)
            return empty


def fleet_sites(root: Path | None = None) -> dict[str, tuple[str, dict[str, str]]]:
    """Every site's fleet robots: namespace -> (site, its roles). One console can hold them
    all (namespaces are unique across sites: the content check says so). A site whose places
    cannot be read adds none (its own screens say why)."""
    base = root if root is not None else content_root()
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for path in sorted((base / "sites").glob("*/places.yaml")):
        try:
            places = load_places(path.parent.name, root)
        except Exception as exc:  # a broken site must not close the console
            log.warning("console: no fleet for %s: %s", path.parent.name, exc)
            continue
        for robot in places.fleet:
            out.setdefault(robot.namespace, (places.site, places.roles_for(robot.namespace)))
    return out


@functools.lru_cache(maxsize=4)
def _load_site_content(site: str, root: Path | None) -> SiteContent:
    content = SiteContent(site)
    site_places = content._try("places", lambda: load_places(site, root), None)
    if site_places is not None:
        content.roles = dict(site_places.roles)
        content.fleet_roles = {r.namespace: site_places.roles_for(r.namespace)
                               for r in site_places.fleet}  # fmt: skip
        content.map_path = site_places.map_path()
        docks = set(site_places.dock_ids())  # every robot's charger: not a visitor's place
        content.places = [_item(p, p.aliases) for p in site_places.places if p.id not in docks]
    content.services = content._try(
        "services", lambda: [_item(s, s.aliases) for s in load_services(site, root).services], []
    )
    content.staff = content._try("staff", lambda: _staff_items(site, root), [])
    content.courses = content._try(
        "courses", lambda: [_item(c, c.aliases) for c in load_courses(site, root).courses], []
    )
    # the screen still works without cards
    content.promotions = content._try("promotions", lambda: load_promotions(site, root), None)
    return content


def _item(source: Any, aliases: Any) -> Item:
    return Item(source.id, source.name, _words(source.name) + _words(aliases), source)


def _staff_items(site: str, root: Path | None) -> list[Item]:
    return [
        Item(s.id, s.name, _words(s.name) + _words(s.department) + _words(s.duty), s)
        for s in load_staff(site, root).staff
    ]
