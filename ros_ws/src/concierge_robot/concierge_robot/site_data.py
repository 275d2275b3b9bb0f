"""The site content the missions need (places, staff, courses), read via concierge_content."""

from __future__ import annotations

import math
from dataclasses import dataclass

from concierge_content.i18n import load_strings


@dataclass
class PlaceRef:
    id: str
    x: float
    y: float
    yaw: float
    name_ko: str
    name_en: str

    @property
    def pose(self) -> tuple[float, float, float]:
        return (self.x, self.y, self.yaw)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_ko


class SiteData:
    """Places, staff and courses of one site, plus the strings the robot says."""

    def __init__(self, site: str, robot: str = ""):
        """robot: the robot's ROS namespace; a fleet robot has its own home and dock."""
        from concierge_content import places as places_mod

        self.site = site
        self.places: dict[str, PlaceRef] = {}
        site_places = places_mod.load_places(site)
        for p in site_places.places:
            self.places[p.id] = PlaceRef(
                p.id, p.pose.x, p.pose.y, p.pose.yaw, p.name.ko, p.name.en
            )
        # What the robot uses places for (content: places.yaml `roles`), never literal ids.
        self.roles: dict[str, str] = site_places.roles_for(robot)
        self.floors = {p.id: p.floor for p in site_places.places}
        self.strings = load_strings()
        self.staff = _load_staff(site)
        self.courses = _load_courses(site)

    def role(self, role: str) -> PlaceRef:
        """The place playing a role (home, dock, staff_office); KeyError names the site."""
        if role not in self.roles:
            raise KeyError(f"{self.site} has no {role!r} place")
        return self.places[self.roles[role]]

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def has_staff(self, staff_id: str) -> bool:
        return any(s.id == staff_id for s in self.staff)

    def place(self, place_id: str) -> PlaceRef:
        try:
            return self.places[place_id]
        except KeyError:
            raise KeyError(f"unknown place {place_id!r} at {self.site}") from None

    def t(self, key: str, lang: str, **fmt: object) -> str:
        return self.strings.t(f"mission.{key}", lang, **fmt)

    def veteran_roster(self, office_id: str, weekday: str) -> list[str]:
        """Staff to page for an office: today's duty officer first, then the other veterans."""
        vets = [s for s in self.staff if s.office == office_id and s.is_veteran_official]
        vets.sort(key=lambda s: (weekday not in s.duty_days, s.id))
        return [s.id for s in vets]

    def staff_name(self, staff_id: str, lang: str) -> str:
        for s in self.staff:
            if s.id == staff_id:
                return s.name.en if lang == "en" else s.name.ko
        return staff_id


def _load_staff(site: str) -> list:
    from concierge_content.staff import load_staff

    return list(load_staff(site).staff)


def _load_courses(site: str) -> dict:
    from concierge_content.courses import load_courses

    return {c.id: c for c in load_courses(site).courses}


def yaw_to_quat(yaw: float) -> tuple[float, float]:
    return math.sin(yaw / 2.0), math.cos(yaw / 2.0)


def quat_to_yaw(z: float, w: float) -> float:
    return 2.0 * math.atan2(z, w)
