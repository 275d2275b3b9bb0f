"""Intent accuracy on the labelled utterance sets (>= 150 ko + 50 en per site)."""

from __future__ import annotations

import pytest
from concierge_dialog.labelled import evaluate, load_items

from tests.dialog.conftest import DATA


@pytest.mark.parametrize("site", ["city_hall", "arboretum"])
def test_labelled_set_is_large_enough(site):
    items = load_items(DATA, site)
    assert sum(i.lang == "ko" for i in items) >= 150
    assert sum(i.lang == "en" for i in items) >= 50


@pytest.mark.parametrize("site", ["city_hall", "arboretum"])
def test_intent_accuracy_reaches_target_on_dev_and_heldout(engines, site):
    result = evaluate(engines, load_items(DATA, site))
    assert result["accuracy_dev"] >= 0.95, result["errors"]
    assert result["accuracy_heldout"] >= 0.90, result["errors"]
    assert result["accuracy"] >= 0.95, result["errors"]
