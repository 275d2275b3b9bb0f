"""One dialog engine per site for the whole session (Kiwi and content load once)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def engines():
    from concierge_dialog.engine import DialogEngine

    return {site: DialogEngine(site) for site in ("city_hall", "arboretum")}


@pytest.fixture
def city(engines):
    engines["city_hall"].reset()
    return engines["city_hall"]


@pytest.fixture
def arboretum(engines):
    engines["arboretum"].reset()
    return engines["arboretum"]
