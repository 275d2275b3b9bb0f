"""How a practice kiosk behaves, like the real one: which controls a screen offers now, and what
a press does to the order (tab, item, set or single, options, cart quantities, counters, typed
digits, receipt), plus screens that move on by themselves.

Plain Python over the content models: the content check walks every task through it, and the
kiosk app's practice engine runs on it, so a task that checks is a task that can be done.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the kiosk app imports this module at start-up, before any model is loaded
    from concierge_content.textmodels import Text
    from concierge_content.training_models import Choice, Group, Kiosk, Screen

_LINE_PREFIX = "line"


class MachineError(ValueError):
    """A press the kiosk cannot take in its present state (a content mistake or a UI bug)."""


@dataclass
class Line:
    """One row of the cart: an item with its answers (set, drink, size) and a quantity."""

    item: str
    picks: dict[str, str] = field(default_factory=dict)
    qty: int = 1


@dataclass(frozen=True)
class Control:
    """One thing to touch on the present screen."""

    id: str
    # button | tab | item | choice | counter_minus | counter_plus | line_minus | line_plus
    kind: str
    label: Text
    plain: Text | None = None  # hint mode: what it means in plain words
    why: Text | None = None  # what it does, said when it is pressed at the wrong time
    style: str = "normal"  # normal | primary | back
    price: int | None = None
    picture: str | None = None
    badge: Text | None = None
    selected: bool = False  # the open tab, the chosen answer
    ref: str = ""  # the group, counter or cart line it belongs to
    target: Text | None = None  # what a - or + changes (for "press + beside ...")


def placeholder_names(kiosk: Kiosk) -> set[str]:
    """Every {name} a screen text may use in this kiosk."""
    names = {"total", "items", "ticket", "draft", "draft_price", "cart_names"}
    names |= {f"pick_{g}" for g in kiosk.groups}
    names |= {f"count_{c}" for c in kiosk.counters}
    for screen in kiosk.screens.values():
        if screen.input is not None and screen.input.field:
            names |= {f"typed_{screen.input.field}", f"money_{screen.input.field}"}
    return names


def control_label(kiosk: Kiosk, screen_id: str, control_id: str) -> Text | None:
    """What a control on a screen is called, whatever the order holds (for reports: "the
    button most pressed by mistake"); None if the screen never shows such a control."""
    from concierge_content.textmodels import Text

    screen = kiosk.screens.get(screen_id)
    if screen is None:
        return None
    button = screen.button(control_id)
    if button is not None:
        return button.label
    if screen.menu:
        found = kiosk.tab(control_id) or kiosk.item(control_id)
        if found is not None:
            return getattr(found, "label", None) or found.name
    for gid in screen.choices:
        choice = kiosk.groups[gid].choice(control_id)
        if choice is not None:
            return choice.label
    for cid in screen.counters:
        for sign, end in (("\u2212", "_minus"), ("+", "_plus")):
            if control_id == cid + end:
                label = kiosk.counters[cid].label
                return Text(ko=f"{label.ko} {sign}", en=f"{label.en} {sign}")
    return None


def placeholders_in(text: str) -> list[str]:
    """The {names} in a text; ValueError for a stray brace."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


class KioskMachine:
    def __init__(self, kiosk: Kiosk):
        self.kiosk = kiosk
        self.reset()

    def reset(self) -> None:
        k = self.kiosk
        self.screen_id = k.start
        self.screen_s = 0.0  # time on this screen (drives screens that move on by themselves)
        self.tabs: dict[str, str] = {}
        self.picks = {g: grp.default for g, grp in k.groups.items() if grp.about == "order"}
        self.picks = {g: c for g, c in self.picks.items() if c}
        self.counts = {c: spec.start for c, spec in k.counters.items()}
        self.cart: list[Line] = []
        self.draft: Line | None = None
        self.typed: dict[str, str] = {}
        self.receipt = False

    # ---- what is on the screen ------------------------------------------------------------
    @property
    def screen(self) -> Screen:
        return self.kiosk.screens[self.screen_id]

    @property
    def waiting(self) -> bool:
        """The kiosk is busy (reading a card, printing): nothing to press until it moves on."""
        return self.screen.auto_next is not None

    def active_tab(self) -> str | None:
        screen = self.screen
        if not screen.menu or not self.kiosk.tabs:
            return None
        return self.tabs.get(self.screen_id) or screen.tab or self.kiosk.tabs[0].id

    def controls(self) -> dict[str, Control]:
        """The controls of the present screen, in reading order, by id."""
        k, screen = self.kiosk, self.screen
        out: list[Control] = []
        tab = self.active_tab()
        if tab is not None:
            for t in k.tabs:
                out.append(Control(t.id, "tab", t.label, t.plain, selected=t.id == tab))
            for it in k.items:
                if it.tab == tab:
                    out.append(
                        Control(
                            it.id, "item", it.name, it.plain, it.why, price=it.price,
                            picture=it.picture, badge=it.badge,
                        )
                    )  # fmt: skip
        for gid in screen.choices:
            group = k.groups[gid]
            chosen = self.chosen(gid)
            for c in group.choices:
                out.append(
                    Control(
                        c.id, "choice", c.label, c.plain, c.why, price=c.price or None,
                        picture=c.picture, selected=c.id == chosen, ref=gid,
                    )
                )  # fmt: skip
        for cid in screen.counters:
            spec = k.counters[cid]
            for kind, sign in (("counter_minus", "\u2212"), ("counter_plus", "+")):
                out.append(
                    Control(
                        f"{cid}_{kind.split('_')[1]}", kind, _sign(sign), ref=cid,
                        target=spec.label,
                    )
                )  # fmt: skip
        if screen.cart == "full":
            for n, line in enumerate(self.cart, start=1):
                name = k.item(line.item).name
                for kind, sign in (("line_minus", "\u2212"), ("line_plus", "+")):
                    cid = f"{_LINE_PREFIX}{n}_{kind.split('_')[1]}"
                    out.append(Control(cid, kind, _sign(sign), ref=str(n - 1), target=name))
        for b in screen.buttons:
            out.append(
                Control(b.id, "button", b.label, b.plain, b.why, b.style, picture=b.picture)
            )
        return {c.id: c for c in out}

    def chosen(self, group_id: str) -> str | None:
        group = self.kiosk.groups[group_id]
        if group.about == "item":
            return self.draft.picks.get(group_id, group.default) if self.draft else None
        return self.picks.get(group_id)

    def last_chosen(self, group_id: str) -> str | None:
        """As chosen(), but once the item is in the cart, the answer it went in with."""
        chosen = self.chosen(group_id)
        if chosen is None and self.kiosk.groups[group_id].about == "item":
            for line in reversed(self.cart):
                if group_id in line.picks:
                    return line.picks[group_id]
        return chosen

    # ---- pressing ---------------------------------------------------------------------------
    def press(self, control_id: str, digits: str = "") -> None:
        """Do what the real kiosk does for this control (digits: what was typed on a keypad)."""
        if self.waiting:
            raise MachineError(f"screen {self.screen_id!r} is busy; nothing can be pressed")
        control = self.controls().get(control_id)
        if control is None:
            raise MachineError(f"no control {control_id!r} on screen {self.screen_id!r}")
        k = self.kiosk
        if control.kind == "tab":
            self.tabs[self.screen_id] = control.id
        elif control.kind == "item":
            item = k.item(control.id)
            picks = {g: grp.default for g, grp in k.groups.items() if grp.about == "item"}
            self.draft = Line(item.id, {g: c for g, c in picks.items() if c})
            if item.next is None:
                self._add_to_cart()
            else:
                self._go(item.next)
        elif control.kind == "choice":
            group = k.groups[control.ref]
            self._choose(control.ref, group, group.choice(control.id))
        elif control.kind.startswith("counter_"):
            spec, n = k.counters[control.ref], self.counts[control.ref]
            step = 1 if control.kind == "counter_plus" else -1
            self.counts[control.ref] = min(spec.max, max(spec.min, n + step))
        elif control.kind.startswith("line_"):
            line = self.cart[int(control.ref)]
            line.qty += 1 if control.kind == "line_plus" else -1
            if line.qty <= 0:
                self.cart.remove(line)
        else:
            button = self.screen.button(control.id)
            if self.screen.input is not None and self.screen.input.field:
                self.typed[self.screen.input.field] = digits
            self._effects(button.do)
            if button.next is not None:
                self._go(button.next)

    def _choose(self, gid: str, group: Group, choice: Choice) -> None:
        if group.about == "item":
            if self.draft is None:
                raise MachineError(f"{gid!r} is about an item, but no item is being chosen")
            self.draft.picks[gid] = choice.id
        else:
            self.picks[gid] = choice.id
        self._effects(choice.do)
        target = choice.next or group.next
        if target is not None:
            self._go(target)

    def _effects(self, effects: list[str]) -> None:
        for effect in effects:
            if effect == "add_to_cart":
                self._add_to_cart()
            elif effect == "clear_cart":
                self.cart, self.draft = [], None
            elif effect == "print_receipt":
                self.receipt = True
            elif effect == "reset":
                self.reset()

    def _add_to_cart(self) -> None:
        if self.draft is None:
            raise MachineError("nothing to add to the cart: no item is being chosen")
        same = next(
            (ln for ln in self.cart if (ln.item, ln.picks) == (self.draft.item, self.draft.picks)),
            None,
        )
        if same is not None:
            same.qty += self.draft.qty
        else:
            self.cart.append(self.draft)
        self.draft = None

    def _go(self, screen_id: str) -> None:
        if screen_id != self.screen_id:
            self.screen_id = screen_id
            self.screen_s = 0.0

    def tick(self, dt_s: float) -> bool:
        """Time passes; True when a busy screen moved on by itself."""
        self.screen_s += dt_s
        screen = self.screen
        if screen.auto_next is not None and self.screen_s >= screen.auto_after_s:
            self._go(screen.auto_next)
            return True
        return False

    def skip_waiting(self) -> None:
        """Move past every busy screen at once (content checks, undo)."""
        for _ in range(len(self.kiosk.screens)):
            if not self.waiting:
                return
            self._go(self.screen.auto_next)
        raise MachineError(f"screens that move on by themselves loop at {self.screen_id!r}")

    # ---- the order --------------------------------------------------------------------------
    def line_price(self, line: Line) -> int:
        """One of this line (item plus the prices of its answers)."""
        price = self.kiosk.item(line.item).price
        for gid, cid in line.picks.items():
            price += self.kiosk.groups[gid].choice(cid).price
        return price

    def total(self) -> int:
        k = self.kiosk
        total = sum(self.line_price(ln) * ln.qty for ln in self.cart)
        total += sum(k.counters[c].price * n for c, n in self.counts.items())
        total += sum(k.groups[g].choice(c).price for g, c in self.picks.items())
        return total

    def item_count(self) -> int:
        return sum(ln.qty for ln in self.cart)

    def line_detail(self, line: Line) -> list[Text]:
        """The answers of a cart line, as the cart names them ("Set", "Coke M")."""
        out = []
        for gid, cid in line.picks.items():
            c = self.kiosk.groups[gid].choice(cid)
            out.append(c.short or c.label)
        return out

    def values(self, lang: str, money: Callable[[int], str]) -> dict[str, str]:
        """What a screen text's {names} stand for now, in `lang`."""
        k = self.kiosk
        out = {
            "total": money(self.total()),
            "items": str(self.item_count()),
            "ticket": str(k.ticket_number),
            "draft": k.item(self.draft.item).name.get(lang) if self.draft else "",
            "draft_price": money(self.line_price(self.draft)) if self.draft else "",
            "cart_names": ", ".join(k.item(ln.item).name.get(lang) for ln in self.cart),
        }
        for gid, group in k.groups.items():
            chosen = self.last_chosen(gid)
            choice = group.choice(chosen) if chosen else None
            out[f"pick_{gid}"] = choice.label.get(lang) if choice else ""
        for cid, n in self.counts.items():
            out[f"count_{cid}"] = str(n)
        for name in placeholder_names(k):
            if name.startswith(("typed_", "money_")):
                digits = self.typed.get(name.split("_", 1)[1], "")
                out[name] = digits if name.startswith("typed_") else money(int(digits or 0))
        return out


def _sign(sign: str) -> Text:
    from concierge_content.textmodels import Text

    return Text(ko=sign, en=sign)
