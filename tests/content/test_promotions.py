"""City-information cards: the shipped ones load; bad ones are refused with file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from concierge_content.errors import ContentErrors
from concierge_content.paths import content_root
from concierge_content.promotions import check_promotions, load_promotions


@pytest.mark.parametrize("site", ["city_hall", "arboretum"])
def test_shipped_cards_load_in_both_languages(site):
    promos = load_promotions(site)
    assert len(promos.cards) >= 4
    assert all(c.title.ko and c.title.en and c.body.ko and c.body.en for c in promos.cards)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "sites" / "city_hall"
    site.mkdir(parents=True)
    shutil.copy(content_root() / "sites" / "city_hall" / "places.yaml", site / "places.yaml")
    return tmp_path


BAD = """\
rotate_s: 8
cards:
  - id: first
    title: {ko: "첫 카드", en: "First"}
    body: {ko: "내용", en: "Body"}
  - id: first
    title: {ko: "English only", en: "Second"}
    body: {ko: "내용", en: "%s"}
    url: "http://insecure.example"
service_links:
  no_such_place: "https://www.gov.kr"
"""


def test_bad_cards_are_reported_with_file_and_line(root):
    path = root / "sites" / "city_hall" / "promotions.yaml"
    path.write_text(BAD % ("x" * 200), encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        check_promotions(root)
    text = str(info.value)
    assert f"{path}:9: cards.1.url" in text  # http is refused by the model first
    path.write_text(BAD.replace('\n    url: "http://insecure.example"', "") % ("x" * 200))
    with pytest.raises(ContentErrors) as info:
        check_promotions(root)
    text = str(info.value)
    assert f"{path}:6: duplicate card id 'first'" in text
    assert f"{path}:7: title.ko has no Korean text" in text
    assert f"{path}:8: body.en is 200 characters" in text
    assert f"{path}:10: service_links: unknown place id 'no_such_place'" in text


def test_missing_language_is_refused(root):
    path = root / "sites" / "city_hall" / "promotions.yaml"
    path.write_text('cards:\n  - id: a\n    title: {ko: "가"}\n    body: {ko: "나", en: "b"}\n')
    with pytest.raises(ContentErrors, match=rf"{path}:3: cards.0.title.en: Field required"):
        check_promotions(root)
