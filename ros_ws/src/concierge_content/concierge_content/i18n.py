"""User-visible strings from content/i18n/*.yaml: `key: {ko: ..., en: ...}`, Korean first."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.yamlio import load_yaml

LANGS = ("ko", "en")


class Strings:
    """All strings of all areas; keys are namespaced by file, e.g. 'kiosk.start'."""

    def __init__(self, table: dict[str, dict[str, str]]):
        self._table = table

    def t(self, key: str, lang: str = "ko", /, **fmt: object) -> str:
        try:
            entry = self._table[key]
        except KeyError:
            raise KeyError(f"no string {key!r} in content/i18n") from None
        text = entry.get(lang) or entry["ko"]
        return text.format(**fmt) if fmt else text

    def has(self, key: str) -> bool:
        return key in self._table

    def keys(self) -> list[str]:
        return sorted(self._table)


def _load_dir(folder: Path) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    errors: list[ContentError] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            doc = load_yaml(path)
        except ContentError as exc:
            errors.append(exc)
            continue
        if not isinstance(doc.data, dict):
            errors.append(doc.error((), "expected a mapping of key: {ko, en}"))
            continue
        for key, entry in doc.data.items():
            full = f"{path.stem}.{key}"
            if not isinstance(entry, dict):
                errors.append(doc.error((key,), f"{full}: expected {{ko: ..., en: ...}}"))
                continue
            for lang in LANGS:
                if not isinstance(entry.get(lang), str) or not entry[lang].strip():
                    errors.append(doc.error((key,), f"{full}: missing {lang} text"))
            table[full] = {k: str(v) for k, v in entry.items()}
    if errors:
        raise ContentErrors(errors)
    return table


@lru_cache(maxsize=4)
def load_strings(root: Path | None = None) -> Strings:
    return Strings(_load_dir((root or content_root()) / "i18n"))


@register_check("i18n")
def check_strings(root: Path) -> None:
    _load_dir(root / "i18n")
