"""content/agencies.yaml: public agencies that receive documents sent from the kiosk (docdrop)."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.textmodels import Text
from concierge_content.yamlio import load_yaml


class Agency(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    name: Text
    receipt_prefix: str = Field(pattern=r"^[A-Z]{2,6}$")
    endpoint: str
    documents: list[Text] = Field(min_length=1)

    @field_validator("endpoint")
    @classmethod
    def _endpoint_is_http(cls, value: str) -> str:
        if not re.match(r"^(https?://|\{inbox\}/)\S+$", value):
            raise ValueError("endpoint must be an http(s) URL or start with {inbox}/")
        return value

    def endpoint_url(self, inbox_base_url: str) -> str:
        return self.endpoint.replace("{inbox}", inbox_base_url.rstrip("/"))


class AgencyList(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agencies: list[Agency] = Field(min_length=1)


def agencies_file(root: Path | None = None) -> Path:
    return (root or content_root()) / "agencies.yaml"


def load_agencies(path: Path | None = None) -> list[Agency]:
    """Load and check the agencies; errors name file:line."""
    doc = load_yaml(path or agencies_file())
    parsed = doc.validate(AgencyList)
    errors: list[ContentError] = []
    seen: set[str] = set()
    prefixes: set[str] = set()
    for i, agency in enumerate(parsed.agencies):
        if agency.id in seen:
            errors.append(doc.error(("agencies", i, "id"), f"duplicate agency id {agency.id!r}"))
        if agency.receipt_prefix in prefixes:
            errors.append(
                doc.error(("agencies", i, "receipt_prefix"), "receipt_prefix used twice")
            )
        seen.add(agency.id)
        prefixes.add(agency.receipt_prefix)
    if errors:
        raise ContentErrors(errors)
    return parsed.agencies


@register_check("agencies")
def check_agencies(root: Path) -> None:
    load_agencies(agencies_file(root))
