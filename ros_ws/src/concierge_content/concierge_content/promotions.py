"""City-information cards for the robot's idle screen: content/sites/<site>/promotions.yaml.

Each card has a ko/en title and body (short enough to fit the screen at 200 % text) and an
optional https link shown as a QR code; `service_links` maps place ids to the city's page for
that service (the QR on the robot's place answer).
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.textmodels import Text
from concierge_content.yamlio import YamlDoc, load_yaml

TITLE_MAX_CHARS = 40  # one line at 200 % text on the robot's 1280 px screen
BODY_MAX_CHARS = 140  # three lines at 200 % text
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_ID = r"^[a-z][a-z0-9_]*$"
_URL = r"^https://[^\s/$.?#][^\s]*$"


class Card(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=_ID)
    title: Text
    body: Text
    url: str | None = Field(default=None, pattern=_URL)


class Promotions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rotate_s: float = Field(default=8.0, ge=3.0, le=60.0)
    cards: list[Card] = Field(min_length=1)
    service_links: dict[str, str] = Field(default_factory=dict)

    def link_for(self, place_id: str) -> str | None:
        return self.service_links.get(place_id)


def promotions_path(site: str, root: Path | None = None) -> Path:
    return (root or content_root()) / "sites" / site / "promotions.yaml"


def _rules(doc: YamlDoc, promos: Promotions) -> list[ContentError]:
    """What pydantic cannot say: unique ids, Korean really Korean, text that fits, good links."""
    errors: list[ContentError] = []
    seen: dict[str, int] = {}
    for i, card in enumerate(promos.cards):
        loc = ("cards", i)
        if card.id in seen:
            errors.append(
                doc.error(
                    loc + ("id",), f"duplicate card id {card.id!r} (first at line {seen[card.id]})"
                )
            )
        else:
            seen[card.id] = doc.line(loc + ("id",))
        for part, limit in (("title", TITLE_MAX_CHARS), ("body", BODY_MAX_CHARS)):
            text: Text = getattr(card, part)
            if not _HANGUL.search(text.ko):
                errors.append(doc.error(loc + (part, "ko"), f"{part}.ko has no Korean text"))
            for lang in ("ko", "en"):
                if len(text.get(lang)) > limit:
                    errors.append(
                        doc.error(
                            loc + (part, lang),
                            f"{part}.{lang} is {len(text.get(lang))} characters; at most "
                            f"{limit} fit on the robot screen",
                        )
                    )
    for place_id, url in promos.service_links.items():
        if not re.match(_URL, str(url)):
            errors.append(
                doc.error(
                    ("service_links", place_id),
                    f"service_links.{place_id}: not an https:// link: {url!r}",
                )
            )
    return errors


def _place_ids(site: str, root: Path) -> set[str] | None:
    """Place ids of the site, or None when places.yaml is not there (its own check says so)."""
    from concierge_content._siteplaces import place_ids

    try:
        return place_ids(root, site)
    except (ContentError, ContentErrors):
        return None


def load_promotions(site: str, root: Path | None = None) -> Promotions:
    """Load and check one site's cards; ContentErrors (file:line) when anything is wrong."""
    root = root or content_root()
    doc = load_yaml(promotions_path(site, root))
    if not isinstance(doc.data, dict):
        raise ContentErrors([doc.error((), "expected a mapping with rotate_s, cards")])
    promos = doc.validate(Promotions)
    errors = _rules(doc, promos)
    ids = _place_ids(site, root)
    if ids is not None:
        for place_id in promos.service_links:
            if place_id not in ids:
                errors.append(
                    doc.error(
                        ("service_links", place_id),
                        f"service_links: unknown place id {place_id!r}",
                    )
                )
    if errors:
        raise ContentErrors(errors)
    return promos


@register_check("promotions")
def check_promotions(root: Path) -> None:
    errors: list[ContentError] = []
    for site_dir in sorted((root / "sites").glob("*")):
        if not (site_dir / "promotions.yaml").exists():
            continue
        try:
            load_promotions(site_dir.name, root)
        except ContentErrors as exc:
            errors.extend(exc.errors)
        except ContentError as exc:
            errors.append(exc)
    if errors:
        raise ContentErrors(errors)
