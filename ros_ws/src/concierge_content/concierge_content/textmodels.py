"""The small models every content file shares: Korean + English text, strict records."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """A content record: unknown keys are errors (typos must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """One text in Korean and English, both required."""

    ko: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str, default: str | None = None) -> str:
        return self.en if lang == "en" else self.ko


class TextList(Strict):
    """Words or phrases per language (aliases, keywords); either may be empty."""

    ko: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)
