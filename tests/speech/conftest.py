"""The vosk model loads once per test session (~2.5 s, ~600 MB) and is shared."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def city_knowledge():
    from concierge_dialog.knowledge import load_site

    return load_site("city_hall")


@pytest.fixture(scope="session")
def korean_recognizer(city_knowledge):
    from concierge_speech.recognizer import KoreanRecognizer, site_phrases

    return KoreanRecognizer(site_phrases("city_hall", city_knowledge), free_pass=False)
