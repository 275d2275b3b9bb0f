"""Numbers and times are read the Korean way before espeak-ng speaks them."""

from __future__ import annotations

import pytest
from concierge_speech.korean_reading import read_aloud


@pytest.mark.parametrize(
    "text,spoken",
    [
        ("3층", "삼층"),
        ("오후 6시까지", "오후 여섯 시까지"),
        ("평일 09:00-18:00", "평일 오전 아홉 시부터 오후 여섯 시까지"),
        ("목요일 09:00-20:00입니다", "목요일 오전 아홉 시부터 오후 여덟 시까지입니다"),
        ("내선 2301번", "내선 이천삼백일번"),
        ("여권용 사진 1매", "여권용 사진 한 매"),
        ("2시간 반", "두 시간 반"),
        ("1-3번 창구", "일에서 삼번 창구"),
        ("30분쯤", "삼십분쯤"),
    ],
)
def test_korean_numbers_and_times_are_spelled_as_spoken(text, spoken):
    assert read_aloud(text, "ko") == spoken


def test_english_times_are_read_as_am_pm():
    assert read_aloud("open 09:00-18:00", "en") == "open 9 a m to 6 p m"
