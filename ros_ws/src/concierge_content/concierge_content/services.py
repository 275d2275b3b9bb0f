"""Civil services of a site (content/sites/<site>/services.yaml): documents to bring, where."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from concierge_content._siteplaces import place_ids
from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.staff import KoEn
from concierge_content.textmodels import TextList
from concierge_content.yamlio import load_yaml

KoEnList = TextList


class Service(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: KoEn
    aliases: KoEnList = KoEnList()
    place: str
    documents: list[KoEn] = Field(min_length=1)


class ServiceCatalog(BaseModel):
    model_config = ConfigDict(extra="forbid")
    services: list[Service]


def load_services(site: str, root: Path | None = None) -> ServiceCatalog:
    """The services of a site; empty when the site has none."""
    root = root or content_root()
    path = root / "sites" / site / "services.yaml"
    if not path.is_file():
        return ServiceCatalog(services=[])
    return _load(path, root, site)


def _load(path: Path, root: Path, site: str) -> ServiceCatalog:
    doc = load_yaml(path)
    catalog = doc.validate(ServiceCatalog)
    known = place_ids(root, site)
    errors: list[ContentError] = []
    seen: set[str] = set()
    for i, s in enumerate(catalog.services):
        if s.id in seen:
            errors.append(doc.error(("services", i, "id"), f"duplicate service id {s.id!r}"))
        seen.add(s.id)
        if s.place not in known:
            errors.append(doc.error(("services", i, "place"), f"unknown place id {s.place!r}"))
    if errors:
        raise ContentErrors(errors)
    return catalog


@register_check("services")
def check_services(root: Path) -> None:
    for path in sorted((root / "sites").glob("*/services.yaml")):
        _load(path, root, path.parent.name)
