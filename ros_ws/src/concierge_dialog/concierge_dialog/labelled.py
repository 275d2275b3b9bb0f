"""Labelled utterance sets (tests/dialog/data/*.yaml) and intent accuracy over them.

Item i of a file is held out when i % 4 == 3: tuning looks only at the rest (the dev part).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

SLOT_KEYS = {
    "p": "place_id",
    "s": "staff_id",
    "c": "course_id",
    "a": "action",
    "m": "time_available_min",
    "n": "interest",
}


@dataclass(frozen=True)
class Item:
    site: str
    lang: str
    text: str
    intent: str
    slots: dict[str, object]
    heldout: bool
    today: dt.date | None


def load_items(folder: Path, site: str | None = None) -> list[Item]:
    items: list[Item] = []
    for path in sorted(folder.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if site and doc["site"] != site:
            continue
        today = dt.date.fromisoformat(doc["today"]) if doc.get("today") else None
        for i, raw in enumerate(doc["items"]):
            slots = {SLOT_KEYS[k]: v for k, v in raw.items() if k in SLOT_KEYS}
            items.append(
                Item(doc["site"], doc["lang"], str(raw["t"]), raw["i"], slots, i % 4 == 3, today)
            )
    return items


def is_correct(item: Item, result) -> bool:
    """Intent right, and every slot the item names has the labelled value."""
    if result.intent != item.intent:
        return False
    return all(getattr(result, key) == value for key, value in item.slots.items())


def evaluate(engines: dict, items: list[Item]) -> dict:
    """Accuracy overall, dev and held-out; engines: site -> DialogEngine (reset per item)."""
    rows = []
    for item in items:
        engine = engines[item.site]
        engine.reset()
        result = engine.handle(item.text, today=item.today)
        rows.append((item, result, is_correct(item, result)))

    def acc(sel):
        sel = list(sel)
        return round(sum(ok for *_, ok in sel) / len(sel), 4) if sel else None

    return {
        "n": len(rows),
        "accuracy": acc(rows),
        "accuracy_dev": acc(r for r in rows if not r[0].heldout),
        "accuracy_heldout": acc(r for r in rows if r[0].heldout),
        "errors": [
            (
                it.site,
                it.text,
                it.intent,
                it.slots,
                res.intent,
                res.place_id,
                res.staff_id,
                res.course_id,
                res.action,
                res.time_available_min,
                res.interest,
            )
            for it, res, ok in rows
            if not ok
        ],
        "heldout_flags": [it.heldout for it, _, ok in rows if not ok],
    }
