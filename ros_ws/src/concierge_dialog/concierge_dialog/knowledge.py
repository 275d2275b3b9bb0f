"""What the robot knows about a site, gathered from content/ for the dialog engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from concierge_content.courses import CourseCatalog, load_courses
from concierge_content.dialog import Patterns, load_interests, load_patterns, load_site_aliases
from concierge_content.paths import content_root
from concierge_content.places import SitePlaces, load_places
from concierge_content.services import ServiceCatalog, load_services
from concierge_content.staff import StaffDirectory, load_staff


@dataclass
class PlaceInfo:
    id: str
    name: dict[str, str]
    aliases: dict[str, list[str]]
    floor: str = ""
    hours: dict[str, str] = field(default_factory=dict)  # places.yaml keys: daily, weekdays, ...
    description: dict[str, str] = field(default_factory=dict)
    counter: dict[str, str] = field(default_factory=dict)

    def names(self) -> list[str]:
        out = [self.name.get("ko", ""), self.name.get("en", "")]
        for lang in ("ko", "en"):
            out += self.aliases.get(lang, [])
        return [n for n in dict.fromkeys(out) if n]


@dataclass
class SiteKnowledge:
    site: str
    places: dict[str, PlaceInfo]
    staff: StaffDirectory
    services: ServiceCatalog
    courses: CourseCatalog
    patterns: Patterns
    interests: dict[str, list[str]]
    roles: dict[str, str]  # role (home, dock, staff_office) -> place id, from places.yaml

    @property
    def has_tours(self) -> bool:
        return bool(self.courses.courses)


def load_site(site: str, root: Path | None = None) -> SiteKnowledge:
    """Everything the dialog needs for one site; ContentError when content is broken."""
    root = root or content_root()
    if not (root / "sites" / site).is_dir():
        known = sorted(p.name for p in (root / "sites").iterdir() if p.is_dir())
        raise ValueError(f"unknown site {site!r}; choose one of: {', '.join(known)}")
    site_places = load_places(site, root)
    places = _place_infos(site_places)
    for pid, extra in load_site_aliases(site, root).places.items():
        if pid in places:
            for lang in ("ko", "en"):
                places[pid].aliases.setdefault(lang, []).extend(getattr(extra, lang))
    interests = {k: list(v.ko) + list(v.en) for k, v in load_interests(root).interests.items()}
    return SiteKnowledge(
        site=site,
        places=places,
        staff=load_staff(site, root),
        services=load_services(site, root),
        courses=load_courses(site, root),
        patterns=load_patterns(root),
        interests=interests,
        roles=dict(site_places.roles),
    )


def _place_infos(site_places: SitePlaces) -> dict[str, PlaceInfo]:
    places: dict[str, PlaceInfo] = {}
    for p in site_places.places:
        places[p.id] = PlaceInfo(
            id=p.id,
            name={"ko": p.name.ko, "en": p.name.en},
            aliases={"ko": list(p.aliases.ko), "en": list(p.aliases.en)},
            floor=p.floor,
            hours=dict(p.hours),
            description={"ko": p.description.ko, "en": p.description.en},
            counter={"ko": p.counter.ko, "en": p.counter.en} if p.counter else {},
        )
    return places
