"""How a place's floor and opening hours are worded (ko, en): one wording for every speaker
and screen, from content/i18n/places.yaml. Places say floors as "1F" / "B1" and hours as
{days: "09:00-18:00" | "00:00-24:00" | "closed"} (see places.yaml)."""

from __future__ import annotations

import re

from concierge_content.i18n import Strings, load_strings

_ABOVE = re.compile(r"(\d+)F?")
_BELOW = re.compile(r"B(\d+)|-(\d+)F?")


def floor_text(floor: object, lang: str, strings: Strings | None = None) -> str:
    """'1F' / 1 -> '1층' / 'floor 1'; 'B1' / -1 -> '지하 1층'; '' for single-level sites."""
    t = (strings or load_strings()).t
    text = str(floor if floor is not None else "").strip().upper()
    if m := _BELOW.fullmatch(text):
        return t("places.floor_below", lang, n=int(m.group(1) or m.group(2)))
    if m := _ABOVE.fullmatch(text):
        return t("places.floor_above", lang, n=int(m.group(1)))
    return ""


def hours_text(hours: dict[str, str], lang: str, strings: Strings | None = None) -> str:
    """{weekdays: '09:00-18:00', sat: 'closed'} -> '평일 09:00-18:00, 토요일 휴무'; '' if none."""
    s = strings or load_strings()
    parts = []
    for days, span in (hours or {}).items():
        if span == "00:00-24:00":
            span = s.t("places.hours_allday", lang)
        elif span == "closed":
            span = s.t("places.hours_closed", lang)
        key = f"places.day_{days}"
        day = s.t(key, lang) if s.has(key) else days
        parts.append(s.t("places.hours_part", lang, days=day, range=span))
    return join_list(parts, lang, s)


def join_list(items: list[str], lang: str, strings: Strings | None = None) -> str:
    """'a, b, c' (ko) / 'a, b and c' (en)."""
    if len(items) <= 1:
        return "".join(items)
    s = strings or load_strings()
    sep, last = s.t("places.list_sep", lang), s.t("places.list_last", lang)
    return sep.join(items[:-1]) + last + items[-1]
