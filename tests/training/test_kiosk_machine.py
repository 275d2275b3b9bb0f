"""The practice kiosk's own behaviour (concierge_content.training_machine), on a small kiosk
written here: what a press does to the cart, counters, answers and screens."""

from __future__ import annotations

import pytest
from concierge_content.training import Kiosk
from concierge_content.training_machine import KioskMachine, MachineError


def _t(word: str) -> dict:
    return {"ko": word, "en": word}


KIOSK = Kiosk.model_validate(
    {
        "id": "shop", "level": "daily", "title": _t("Shop"), "summary": _t("s"),
        "start": "menu", "ticket_number": 9,
        "tabs": [{"id": "tab_a", "label": _t("A")}, {"id": "tab_b", "label": _t("B")}],
        "items": [
            {"id": "tea", "tab": "tab_a", "name": _t("Tea"), "price": 3000, "next": "size"},
            {"id": "cake", "tab": "tab_b", "name": _t("Cake"), "price": 5000},
        ],
        "groups": {
            "size": {"about": "item", "default": "small", "next": "menu", "choices": [
                {"id": "small", "label": _t("S"), "do": ["add_to_cart"]},
                {"id": "big", "label": _t("L"), "price": 500, "do": ["add_to_cart"]},
            ]},
            "where": {"choices": [{"id": "here", "label": _t("Here"), "price": 100}]},
        },
        "counters": {"cups": {"label": _t("Cups"), "price": 200, "start": 1, "min": 1,
                              "max": 2}},
        "screens": {
            "menu": {"title": _t("Menu"), "menu": True, "cart": "bar", "buttons": [
                {"id": "go", "label": _t("Go"), "next": "cart"}]},
            "size": {"title": _t("Size {draft}"), "choices": ["size"]},
            "cart": {"title": _t("Cart"), "cart": "full", "choices": ["where"],
                     "counters": ["cups"], "buttons": [
                         {"id": "pay", "label": _t("Pay"), "next": "busy"},
                         {"id": "again", "label": _t("Again"), "next": "menu",
                          "do": ["reset"]}]},
            "busy": {"title": _t("Busy"), "auto_next": "done", "auto_after_s": 2},
            "done": {"title": _t("Done {total}"), "end": True},
        },
        "tasks": [{"id": "t", "title": _t("t"), "card": _t("c"), "steps": [
            {"screen": "menu", "press": "go", "say": _t("go")}]}],
    }
)  # fmt: skip


def test_the_open_tab_decides_which_items_can_be_pressed():
    m = KioskMachine(KIOSK)
    assert [c for c in m.controls() if m.controls()[c].kind == "item"] == ["tea"]
    m.press("tab_b")
    assert "cake" in m.controls() and "tea" not in m.controls()
    assert m.controls()["tab_b"].selected
    with pytest.raises(MachineError, match="no control 'tea'"):
        m.press("tea")


def test_an_item_with_questions_is_added_with_its_answer_and_price():
    m = KioskMachine(KIOSK)
    m.press("tea")
    assert m.screen_id == "size" and m.controls()["small"].selected  # the default
    assert m.values("en", str)["draft"] == "Tea"
    m.press("big")
    assert m.screen_id == "menu" and m.cart[0].picks == {"size": "big"}
    assert m.line_price(m.cart[0]) == 3500 and m.item_count() == 1


def test_the_same_item_with_the_same_answers_adds_up_on_one_line():
    m = KioskMachine(KIOSK)
    for _ in range(2):
        m.press("tea")
        m.press("small")
    m.press("tea")
    m.press("big")
    assert [(ln.picks["size"], ln.qty) for ln in m.cart] == [("small", 2), ("big", 1)]


def test_minus_at_one_takes_the_line_out_of_the_cart():
    m = KioskMachine(KIOSK)
    m.press("tab_b")
    m.press("cake")  # no questions: straight into the cart
    m.press("go")
    m.press("line1_plus")
    assert m.cart[0].qty == 2
    m.press("line1_minus")
    m.press("line1_minus")
    assert m.cart == [] and "line1_plus" not in m.controls()


def test_counters_stay_within_their_bounds_and_count_in_the_total():
    m = KioskMachine(KIOSK)
    m.press("go")
    for _ in range(3):
        m.press("cups_plus")
    assert m.counts["cups"] == 2
    for _ in range(3):
        m.press("cups_minus")
    assert m.counts["cups"] == 1
    m.press("here")
    assert m.total() == 200 + 100


def test_reset_forgets_the_order_and_busy_screens_move_on_by_time():
    m = KioskMachine(KIOSK)
    m.press("tab_b")
    m.press("cake")
    m.press("go")
    m.press("again")
    assert m.cart == [] and m.screen_id == "menu" and m.active_tab() == "tab_a"
    m.press("go")
    m.press("pay")
    assert m.waiting and m.controls() == {}
    with pytest.raises(MachineError, match="busy"):
        m.press("pay")
    assert not m.tick(1.5) and m.tick(0.6) and m.screen_id == "done"


def test_an_answer_about_an_item_needs_an_item_being_chosen():
    m = KioskMachine(KIOSK)
    m.screen_id = "size"  # (only a broken kiosk gets here without an item)
    with pytest.raises(MachineError, match="no item is being chosen"):
        m.press("small")


def test_screen_values_use_the_answer_a_cart_line_went_in_with():
    m = KioskMachine(KIOSK)
    m.press("tea")
    m.press("big")
    values = m.values("ko", lambda n: f"{n}won")
    assert values["pick_size"] == "L" and values["total"] == "3700won"  # + one cup
    assert values["cart_names"] == "Tea" and values["ticket"] == "9"
