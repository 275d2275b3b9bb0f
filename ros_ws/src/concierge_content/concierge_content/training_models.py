"""The records of a practice kiosk file (content/training/*.yaml), as pydantic models.

A kiosk is screens joined by controls. A plain screen has buttons; a replica of a real kiosk also
has category tabs with menu items, choice groups (set or single, size, ice, station, clinic),
counters (passengers, copies), a cart, a keypad, a device (card slot, QR scanner, printer) and
screens that move on by themselves (a card being read). What each control does to the order is
in concierge_content.training_machine; the checks are in concierge_content.training.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from concierge_content.textmodels import Strict as _Strict
from concierge_content.textmodels import Text

LEVELS = ("basic", "daily", "advanced", "special")
ID = r"^[a-z0-9][a-z0-9_]*$"
COLOUR = r"^#[0-9A-Fa-f]{6}$"

# Pictures the kiosk app can draw (kiosk_ui/training/ui/pictures.py draws every one of them).
PICTURES = (
    "burger", "chicken_burger", "shrimp_burger", "fries", "cheese_sticks", "nuggets", "salad",
    "ice_cream", "pie", "cola", "soda", "juice", "coffee_hot", "coffee_iced", "latte", "tea",
    "ade", "cake", "bread", "tray", "bag", "card", "phone_qr", "barcode", "coupon", "cash",
    "train", "seat", "person", "senior", "child", "clinic", "doctor", "document", "house",
    "fingerprint", "bank", "receipt", "none",
)  # fmt: skip
Picture = Literal[PICTURES]  # type: ignore[valid-type]

# What a control does to the order besides opening its next screen.
Effect = Literal["add_to_cart", "clear_cart", "print_receipt", "reset"]

# The machine parts a screen shows; the kiosk app animates them.
Device = Literal[
    "card_slot", "card_reading", "card_out", "qr_scan", "barcode_scan", "fingerprint",
    "cash_slot", "printing",
]  # fmt: skip


class Button(_Strict):
    id: str = Field(pattern=ID)
    label: Text
    next: str | None = None  # the screen this button opens on the real kiosk
    style: Literal["normal", "primary", "back"] = "normal"
    why: Text | None = None  # what this button does, said when it is pressed at the wrong time
    plain: Text | None = None  # hint mode: the jargon or English on the button in plain words
    do: list[Effect] = Field(default_factory=list)
    picture: Picture | None = None


class DigitInput(_Strict):
    """A keypad screen (PIN, account number, amount): the trainee types digits, then a button."""

    prompt: Text
    max_digits: int = Field(default=16, ge=1, le=20)
    masked: bool = False  # PINs show dots
    field: str | None = Field(default=None, pattern=ID)  # kept as {typed_<field>} for later
    money: bool = False  # shown as an amount of won while typing


class Tab(_Strict):
    """A category tab of a menu screen ("BURGER", "DESSERT", "COFFEE")."""

    id: str = Field(pattern=ID)
    label: Text
    plain: Text | None = None


class Item(_Strict):
    """Something on the menu, named as on the real kiosk (often in English)."""

    id: str = Field(pattern=ID)
    tab: str
    name: Text
    plain: Text | None = None  # hint mode: what it is, in plain words
    price: int = Field(ge=0)
    picture: Picture = "none"
    badge: Text | None = None  # "NEW", "BEST"
    next: str | None = None  # the screen that asks about it; none: straight into the cart
    why: Text | None = None


class Choice(_Strict):
    id: str = Field(pattern=ID)
    label: Text
    plain: Text | None = None
    price: int = 0  # added to the item (on: item) or to the order (on: order)
    picture: Picture | None = None
    next: str | None = None  # overrides the group's next
    do: list[Effect] = Field(default_factory=list)
    why: Text | None = None
    short: Text | None = None  # how the cart names this choice ("Set", "L"); default: label


class Group(_Strict):
    """One question with several answers: set or single, size, station, clinic, payment."""

    title: Text | None = None  # shown above the answers when a screen asks several questions
    about: Literal["item", "order"] = "order"  # the item being chosen, or the whole order
    default: str | None = None
    next: str | None = None  # where an answer leads; none: the screen stays (more questions)
    columns: int = Field(default=2, ge=1, le=4)
    choices: list[Choice] = Field(min_length=1)

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


class Counter(_Strict):
    """A number set with - and + (passengers, copies); each one costs `price`."""

    label: Text
    plain: Text | None = None
    price: int = Field(default=0, ge=0)
    start: int = Field(default=0, ge=0)
    min: int = Field(default=0, ge=0)
    max: int = Field(default=9, ge=1, le=99)


class Slip(_Strict):
    """The paper the kiosk hands out at the end: order-number ticket, train ticket, document."""

    title: Text
    number: bool = False  # print the kiosk's ticket number large
    lines: list[Text] = Field(default_factory=list)  # may name values: {pick_dest} ...
    only_with_receipt: bool = False  # printed only if the trainee asked for a receipt


class Screen(_Strict):
    title: Text
    text: Text | None = None  # may name values of the order: {total}, {pick_<group>} ...
    buttons: list[Button] = Field(default_factory=list)
    input: DigitInput | None = None
    columns: int = Field(default=2, ge=1, le=4)
    end: bool = False  # the task is done when the trainee arrives here
    menu: bool = False  # category tabs and the items of the chosen tab
    tab: str | None = None  # the tab open at first (default: the first tab)
    choices: list[str] = Field(default_factory=list)  # groups asked on this screen
    counters: list[str] = Field(default_factory=list)
    cart: Literal["none", "bar", "full"] = "none"  # bar: count and total; full: lines with -/+
    device: Device | None = None
    auto_next: str | None = None  # the kiosk moves on by itself (reading a card, printing)
    auto_after_s: float = Field(default=2.5, gt=0, le=30)
    slip: Slip | None = None  # handed out on this screen (with the receipt, if one was asked for)

    def button(self, button_id: str) -> Button | None:
        return next((b for b in self.buttons if b.id == button_id), None)


class Step(_Strict):
    screen: str
    press: str  # the expected control on that screen
    say: Text  # the instruction (guided mode shows and speaks it)
    hint: Text | None = None  # practice/quiz hint; defaults to `say`
    input: str | None = Field(default=None, pattern=r"^[0-9]+$")  # digits expected before press
    input_wrong: Text | None = None  # explanation when the typed digits are wrong
    wrong: dict[str, Text] = Field(default_factory=dict)  # control id -> why it is wrong here
    explain: Text | None = None  # said after the step is done right (what just happened)

    def hint_text(self) -> Text:
        return self.hint or self.say


class Task(_Strict):
    id: str = Field(pattern=ID)
    title: Text
    card: Text  # the quiz task card: what to do, without saying how
    target_s: float = Field(default=120, gt=0, le=3600)  # quiz time for the third star
    steps: list[Step] = Field(min_length=1)


class Look(_Strict):
    """The brand and colours of a replica; every text colour must reach 4.5:1 on its ground."""

    brand: Text
    tagline: Text | None = None
    bar: str = Field(pattern=COLOUR)  # the brand bar at the top
    bar_text: str = Field(pattern=COLOUR)
    screen: str = Field(pattern=COLOUR)
    text: str = Field(pattern=COLOUR)
    muted: str = Field(pattern=COLOUR)  # plain-word explanations, small print
    tile: str = Field(pattern=COLOUR)  # menu items and answers
    tile_text: str = Field(pattern=COLOUR)
    price: str = Field(pattern=COLOUR)  # prices on tiles
    accent: str = Field(pattern=COLOUR)  # the main button, the chosen tab or answer
    accent_text: str = Field(pattern=COLOUR)

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        return {
            "bar_text on bar": (self.bar_text, self.bar),
            "text on screen": (self.text, self.screen),
            "muted on screen": (self.muted, self.screen),
            "tile_text on tile": (self.tile_text, self.tile),
            "muted on tile": (self.muted, self.tile),
            "price on tile": (self.price, self.tile),
            "accent_text on accent": (self.accent_text, self.accent),
        }


class TimeLimit(_Strict):
    """The real kiosk's limit without a touch; the trainee is warned and may extend it."""

    seconds: float = Field(ge=20, le=600)
    warn_s: float = Field(default=20, ge=20)  # WCAG 2.2.1: at least 20 s to answer
    extend_s: float = Field(default=60, ge=20, le=600)


class Pressure(_Strict):
    """People queueing behind the trainee (an optional practice setting)."""

    every_s: float = Field(default=20, ge=3, le=300)  # one more person joins this often
    max_people: int = Field(default=5, ge=1, le=12)


class Kiosk(_Strict):
    id: str = Field(pattern=ID)
    level: Literal["basic", "daily", "advanced", "special"]
    order: int = 0
    title: Text
    summary: Text
    start: str
    look: Look | None = None  # a replica of a real kiosk (plain practice screens have none)
    time_limit: TimeLimit | None = None
    pressure: Pressure = Field(default_factory=Pressure)
    ticket_number: int = Field(default=127, ge=1, le=9999)  # the number the end screen prints
    tabs: list[Tab] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    groups: dict[str, Group] = Field(default_factory=dict)
    counters: dict[str, Counter] = Field(default_factory=dict)
    screens: dict[str, Screen] = Field(min_length=2)
    tasks: list[Task] = Field(min_length=1)

    def task(self, task_id: str) -> Task:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise KeyError(f"kiosk {self.id!r} has no task {task_id!r}")

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def tab(self, tab_id: str) -> Tab | None:
        return next((t for t in self.tabs if t.id == tab_id), None)


class Level(_Strict):
    id: Literal["basic", "daily", "advanced", "special"]
    title: Text
    summary: Text


class CurriculumFile(_Strict):
    title: Text
    levels: list[Level] = Field(min_length=4, max_length=4)


@dataclass
class Curriculum:
    title: Text
    levels: list[Level]
    kiosks: dict[str, Kiosk] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    def kiosks_of(self, level: str) -> list[Kiosk]:
        return sorted(
            (k for k in self.kiosks.values() if k.level == level), key=lambda k: (k.order, k.id)
        )
