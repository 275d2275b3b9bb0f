"""The recognisers load once per test session (Korean ~3 s / ~1 GB with the phrase graph)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def city_knowledge():
    from concierge_dialog.knowledge import load_site

    return load_site("city_hall")


@pytest.fixture(scope="session")
def city_recognizers(city_knowledge):
    from concierge_speech.pipeline import load_recognizers

    return load_recognizers("city_hall", city_knowledge)


@pytest.fixture(scope="session")
def city_meaning(city_knowledge):
    from concierge_speech.pipeline import dialog_meaning

    return dialog_meaning("city_hall", city_knowledge)
