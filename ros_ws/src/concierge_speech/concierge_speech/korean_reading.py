"""Write numbers and times the way they are read aloud, so espeak-ng says "3층" as 삼 층
and "오후 6시" as 오후 여섯 시 (native numbers for hours and counted things)."""

from __future__ import annotations

import re

from num2words import num2words

_NATIVE = ["", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉"]
_NATIVE_TENS = ["", "열", "스물", "서른", "마흔", "쉰"]
# Counters read with native numbers (한 시, 두 개, 세 명, 한 매, 한 통); others are Sino-Korean.
_NATIVE_COUNTERS = ("시간", "시", "개", "명", "매", "통", "잔", "장", "살", "번째")
_COUNTER_RE = re.compile(r"(\d+)\s*(" + "|".join(_NATIVE_COUNTERS) + r")(?![가-힣])?")
_TIME_RANGE = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})\s*[-~]\s*(\d{1,2}):(\d{2})(?!\d)")
_CLOCK = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?!\d)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NUM_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)(?=\s*번)")


def native(n: int) -> str:
    """1..59 in native Korean as a counter prefix (한, 두, 스물한 ...); larger: Sino-Korean."""
    if not 0 < n < 60:
        return sino(n)
    tens, ones = divmod(n, 10)
    return _NATIVE_TENS[tens] + _NATIVE[ones] if n != 20 else "스무"


def sino(n: int | float) -> str:
    if n == 0:
        return "영"
    return num2words(n, lang="ko").replace(" ", "")


def _clock_ko(h: int, m: int) -> str:
    if h == 24 and m == 0:
        return "밤 열두 시"
    part = "오전" if h < 12 else "오후"
    h12 = h if h <= 12 else h - 12
    h12 = 12 if h12 == 0 else h12
    text = f"{part} {native(h12)} 시"
    return text + (f" {sino(m)} 분" if m else "")


def _clock_en(h: int, m: int) -> str:
    suffix = "a m" if h < 12 or h == 24 else "p m"
    h12 = h % 12 or 12
    return f"{h12}{'' if not m else f' {m:02d}'} {suffix}"


def read_korean(text: str) -> str:
    """Korean text with every number and time spelled as spoken."""
    text = _TIME_RANGE.sub(
        lambda m: f"{_clock_ko(int(m[1]), int(m[2]))}부터 {_clock_ko(int(m[3]), int(m[4]))}까지",
        text,
    )
    text = _CLOCK.sub(lambda m: _clock_ko(int(m[1]), int(m[2])), text)
    text = re.sub(r"(오전|오후|아침|저녁|밤|새벽)\s*(\d{1,2})\s*시",
                  lambda m: f"{m[1]} {native(int(m[2]))} 시", text)  # fmt: skip
    text = _NUM_RANGE.sub(lambda m: f"{sino(int(m[1]))}에서 {sino(int(m[2]))}", text)
    text = _COUNTER_RE.sub(lambda m: f"{native(int(m[1]))} {m[2]}", text)
    text = _NUMBER.sub(lambda m: sino(float(m[0]) if "." in m[0] else int(m[0])), text)
    return text


def read_english(text: str) -> str:
    text = _TIME_RANGE.sub(
        lambda m: f"{_clock_en(int(m[1]), int(m[2]))} to {_clock_en(int(m[3]), int(m[4]))}", text
    )
    return _CLOCK.sub(lambda m: _clock_en(int(m[1]), int(m[2])), text)


def read_aloud(text: str, lang: str) -> str:
    return read_korean(text) if lang == "ko" else read_english(text)
