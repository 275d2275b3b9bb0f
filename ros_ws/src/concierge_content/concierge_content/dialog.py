"""Dialog content (content/dialog/): intent cue phrases, extra aliases per site, interests."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from concierge_content._siteplaces import place_ids
from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.services import KoEnList
from concierge_content.yamlio import load_yaml

IntentName = Literal[
    "find_place",
    "escort",
    "call_staff",
    "find_staff",
    "hours",
    "documents_needed",
    "tour_recommend",
    "tour_control",
    "greeting",
    "goodbye",
]
INTENTS: tuple[str, ...] = get_args(IntentName)
TOUR_ACTIONS = ("pause", "resume", "skip", "repeat", "end")


class Patterns(BaseModel):
    model_config = ConfigDict(extra="forbid")
    priority: list[IntentName]
    intents: dict[IntentName, KoEnList]
    tour_actions: dict[Literal["pause", "resume", "skip", "repeat", "end"], KoEnList]
    affirm: KoEnList
    deny: KoEnList
    anaphora: KoEnList

    @model_validator(mode="after")
    def _complete(self) -> Patterns:
        missing = [i for i in INTENTS if i != "tour_control" and i not in self.intents]
        if missing:
            raise ValueError(f"intents without cues: {', '.join(missing)}")
        if set(self.priority) != set(INTENTS):
            raise ValueError(f"priority must list each intent once: {', '.join(INTENTS)}")
        if set(self.tour_actions) != set(TOUR_ACTIONS):
            raise ValueError(f"tour_actions must have: {', '.join(TOUR_ACTIONS)}")
        return self


class SiteAliases(BaseModel):
    model_config = ConfigDict(extra="forbid")
    places: dict[str, KoEnList] = {}


class Interests(BaseModel):
    model_config = ConfigDict(extra="forbid")
    interests: dict[str, KoEnList] = Field(min_length=1)


def load_patterns(root: Path | None = None) -> Patterns:
    return load_yaml((root or content_root()) / "dialog" / "patterns.yaml").validate(Patterns)


def load_interests(root: Path | None = None) -> Interests:
    return load_yaml((root or content_root()) / "dialog" / "interests.yaml").validate(Interests)


def load_site_aliases(site: str, root: Path | None = None) -> SiteAliases:
    root = root or content_root()
    path = root / "dialog" / "sites" / f"{site}.yaml"
    if not path.is_file():
        return SiteAliases()
    return _load_site(path, root, site)


def _load_site(path: Path, root: Path, site: str) -> SiteAliases:
    doc = load_yaml(path)
    aliases = doc.validate(SiteAliases)
    known = place_ids(root, site)
    errors: list[ContentError] = [
        doc.error(("places", pid), f"unknown place id {pid!r}")
        for pid in aliases.places
        if pid not in known
    ]
    if errors:
        raise ContentErrors(errors)
    return aliases


@register_check("dialog")
def check_dialog(root: Path) -> None:
    errors: list[ContentError] = []
    for fn in (load_patterns, load_interests):
        try:
            fn(root)
        except ContentErrors as exc:
            errors.extend(exc.errors)
        except ContentError as exc:
            errors.append(exc)
    for path in sorted((root / "dialog" / "sites").glob("*.yaml")):
        if not (root / "sites" / path.stem).is_dir():
            errors.append(ContentError(path, 1, f"no site {path.stem!r} in content/sites"))
            continue
        try:
            _load_site(path, root, path.stem)
        except ContentErrors as exc:
            errors.extend(exc.errors)
        except ContentError as exc:
            errors.append(exc)
    if errors:
        raise ContentErrors(errors)
