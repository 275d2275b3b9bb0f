"""Docent tour courses (content/sites/<site>/courses.yaml): ordered stops with narration."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from concierge_content._siteplaces import place_ids
from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.services import KoEnList
from concierge_content.staff import KoEn
from concierge_content.yamlio import load_yaml

Season = Literal["spring", "summer", "autumn", "winter"]


class Stop(BaseModel):
    model_config = ConfigDict(extra="forbid")
    place: str
    narration: KoEn


class Course(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: KoEn
    aliases: KoEnList = KoEnList()
    duration_min: int = Field(gt=0, le=600)
    seasons: list[Season] = Field(min_length=1)
    interests: list[str] = []
    stops: list[Stop] = Field(min_length=1)


class CourseCatalog(BaseModel):
    model_config = ConfigDict(extra="forbid")
    courses: list[Course]

    def get(self, course_id: str) -> Course:
        for c in self.courses:
            if c.id == course_id:
                return c
        raise KeyError(course_id)


def load_courses(site: str, root: Path | None = None) -> CourseCatalog:
    """The tour courses of a site; empty when the site has none."""
    root = root or content_root()
    path = root / "sites" / site / "courses.yaml"
    if not path.is_file():
        return CourseCatalog(courses=[])
    return _load(path, root, site)


def _load(path: Path, root: Path, site: str) -> CourseCatalog:
    doc = load_yaml(path)
    catalog = doc.validate(CourseCatalog)
    known = place_ids(root, site)
    interests = _interest_ids(root)
    errors: list[ContentError] = []
    seen: set[str] = set()
    for i, c in enumerate(catalog.courses):
        if c.id in seen:
            errors.append(doc.error(("courses", i, "id"), f"duplicate course id {c.id!r}"))
        seen.add(c.id)
        for j, stop in enumerate(c.stops):
            if stop.place not in known:
                loc = ("courses", i, "stops", j, "place")
                errors.append(doc.error(loc, f"unknown place id {stop.place!r}"))
        for j, interest in enumerate(c.interests):
            if interests and interest not in interests:
                loc = ("courses", i, "interests", j)
                errors.append(doc.error(loc, f"unknown interest {interest!r}"))
    if errors:
        raise ContentErrors(errors)
    return catalog


def _interest_ids(root: Path) -> set[str]:
    path = root / "dialog" / "interests.yaml"
    if not path.is_file():
        return set()
    data = load_yaml(path).data or {}
    return set((data.get("interests") or {}).keys())


@register_check("courses")
def check_courses(root: Path) -> None:
    for path in sorted((root / "sites").glob("*/courses.yaml")):
        _load(path, root, path.parent.name)
