"""Staff directory of a site (content/sites/<site>/staff.yaml): staff search and duty roster."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from concierge_content._siteplaces import place_ids
from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.textmodels import Text, TextList
from concierge_content.yamlio import load_yaml

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


KoEn = Text
Keywords = TextList


class StaffMember(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: KoEn
    department: KoEn
    duty: KoEn
    keywords: Keywords = Keywords()  # words visitors use for this person's work
    office: str
    phone_ext: str = Field(pattern=r"^[0-9]{3,5}$")
    is_veteran_official: bool = False
    duty_days: list[Weekday] = []
    languages: list[Literal["ko", "en"]] = ["ko"]

    @field_validator("languages")
    @classmethod
    def _korean_first(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("at least one language")
        return v


class StaffDirectory(BaseModel):
    model_config = ConfigDict(extra="forbid")
    staff: list[StaffMember]

    def get(self, staff_id: str) -> StaffMember:
        for s in self.staff:
            if s.id == staff_id:
                return s
        raise KeyError(staff_id)

    def duty_officer(self, weekday: int) -> StaffMember | None:
        """The veteran official on duty on a weekday (0 = Monday), else the first veteran."""
        day = WEEKDAYS[weekday]
        veterans = [s for s in self.staff if s.is_veteran_official]
        for s in veterans:
            if day in s.duty_days:
                return s
        return veterans[0] if veterans else None


def staff_path(site: str, root: Path | None = None) -> Path:
    return (root or content_root()) / "sites" / site / "staff.yaml"


def load_staff(site: str, root: Path | None = None) -> StaffDirectory:
    """The staff of a site; an empty directory when the site has none."""
    path = staff_path(site, root)
    if not path.is_file():
        return StaffDirectory(staff=[])
    return _load(path, root or content_root(), site)


def _load(path: Path, root: Path, site: str) -> StaffDirectory:
    doc = load_yaml(path)
    directory = doc.validate(StaffDirectory)
    errors: list[ContentError] = []
    known = place_ids(root, site)
    seen: set[str] = set()
    for i, s in enumerate(directory.staff):
        if s.id in seen:
            errors.append(doc.error(("staff", i, "id"), f"duplicate staff id {s.id!r}"))
        seen.add(s.id)
        if s.office not in known:
            errors.append(doc.error(("staff", i, "office"), f"unknown place id {s.office!r}"))
        if s.duty_days and not s.is_veteran_official:
            errors.append(
                doc.error(("staff", i, "duty_days"), "duty_days only for veteran officials")
            )
    if errors:
        raise ContentErrors(errors)
    return directory


@register_check("staff")
def check_staff(root: Path) -> None:
    for path in sorted((root / "sites").glob("*/staff.yaml")):
        _load(path, root, path.parent.name)
