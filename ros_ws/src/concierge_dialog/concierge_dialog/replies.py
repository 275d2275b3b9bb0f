"""Reply text from content/i18n/dialog.yaml, with Korean particles chosen by the last syllable."""

from __future__ import annotations

from concierge_content.i18n import Strings, load_strings
from concierge_content.wording import join_list


def has_batchim(word: str) -> bool:
    """True when the last Hangul syllable ends in a consonant (digits read in Korean too)."""
    word = word.strip()
    if not word:
        return False
    last = word[-1]
    if "\uac00" <= last <= "\ud7a3":
        return (ord(last) - 0xAC00) % 28 != 0
    return last in "013678"  # 영, 일, 삼, 육, 칠, 팔


def _rieul(word: str) -> bool:
    last = word.strip()[-1:]
    return bool(last) and "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 == 8


def particles(key: str, word: str) -> dict[str, str]:
    """{key} plus {key}_eun (은/는), _i (이/가), _eul (을/를), _ro (으로/로), _eseo (에서)."""
    final = has_batchim(word)
    ro = "로" if (not final or _rieul(word)) else "으로"
    return {
        key: word,
        f"{key}_eun": word + ("은" if final else "는"),
        f"{key}_i": word + ("이" if final else "가"),
        f"{key}_eul": word + ("을" if final else "를"),
        f"{key}_ro": word + ro,
        f"{key}_eseo": word + "에서",
    }


class Replies:
    """Looks up dialog.* strings; `say(key, lang, **fields)`."""

    def __init__(self, strings: Strings | None = None):
        self.strings = strings or load_strings()

    def say(self, key: str, lang: str, **fields: object) -> str:
        return self.strings.t(f"dialog.{key}", lang, **fields)

    def has(self, key: str) -> bool:
        return self.strings.has(f"dialog.{key}")

    def join(self, items: list[str], lang: str) -> str:
        return join_list(items, lang, self.strings)
