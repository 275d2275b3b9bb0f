"""Slot readers: time available ("한 시간 반", "30분", "an hour") and visitor interests."""

from __future__ import annotations

import re

from concierge_dialog.text import Form, find

# Native and Sino-Korean number words as people say them before 시간 / 분.
_KO_NUMBERS = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5,
    "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "일": 1, "이": 2, "삼": 3, "사": 4,
    "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9, "십": 10, "이십": 20, "삼십": 30, "사십": 40,
    "오십": 50, "육십": 60, "구십": 90, "십오": 15, "사십오": 45,
}  # fmt: skip
_EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50,
    "sixty": 60, "ninety": 90,
}  # fmt: skip

_KO_NUM = "|".join(sorted(_KO_NUMBERS, key=len, reverse=True))
_KO_HOURS = re.compile(rf"(\d+(?:\.\d+)?|{_KO_NUM})\s*시간\s*(반)?")
_KO_MINUTES = re.compile(rf"(\d+|{_KO_NUM})\s*분")
_KO_HALF_HOUR = re.compile(r"(^|\s)반\s*시간")
_EN_NUM = "|".join(sorted(_EN_NUMBERS, key=len, reverse=True))
_EN_HOURS = re.compile(rf"\b(\d+(?:\.\d+)?|{_EN_NUM})\s*(?:and a half\s*)?hours?\b")
_EN_HALF = re.compile(r"\b(?:half an hour|half hour)\b")
_EN_AND_HALF = re.compile(r"and a half")
_EN_MINUTES = re.compile(rf"\b(\d+|{_EN_NUM})\s*(?:minutes?|mins?)\b")


def time_available_min(form: Form) -> int:
    """Minutes the visitor says they have; 0 when they do not say."""
    text = form.text
    total = 0.0
    if form.lang == "ko" or re.search(r"[가-힣]", text):
        if _KO_HALF_HOUR.search(text):
            total += 30
        for m in _KO_HOURS.finditer(text):
            total += 60 * _num(m.group(1), _KO_NUMBERS) + (30 if m.group(2) else 0)
        for m in _KO_MINUTES.finditer(text):
            total += _num(m.group(1), _KO_NUMBERS)
    if not total:
        if _EN_HALF.search(text):
            total += 30
        for m in _EN_HOURS.finditer(text):
            total += 60 * _num(m.group(1), _EN_NUMBERS)
            if _EN_AND_HALF.search(m.group(0)):
                total += 30
        for m in _EN_MINUTES.finditer(text):
            total += _num(m.group(1), _EN_NUMBERS)
    return int(round(total))


def _num(token: str, words: dict[str, int]) -> float:
    try:
        return float(token)
    except ValueError:
        return float(words.get(token, 0))


def interest(form: Form, interests: dict[str, list[str]]) -> str:
    """The interest id the visitor mentions most strongly, or ''."""
    best_id, best_strength = "", 0.0
    for interest_id, words in interests.items():
        for word in words:
            hit = find(word, form)
            if hit and hit.strength > best_strength:
                best_id, best_strength = interest_id, hit.strength
    return best_id
