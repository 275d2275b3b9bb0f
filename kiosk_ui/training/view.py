"""What the practice page shows for a session, in the trainee's language (no Qt: testable).

The page has two parts: the replica of the real kiosk (brand bar, screen, tabs, menu tiles,
answers, cart, keypad, machine parts, paper slips) and the trainer beside it (instruction,
feedback, people waiting, hint / undo / start again / stop, and the display switches).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk_ui import theme
from kiosk_ui.modes.base import KioskContext
from kiosk_ui.training.engine import Feedback, PracticeSession, Style, feedback_text

if TYPE_CHECKING:
    from concierge_content.training import Kiosk
    from concierge_content.training_machine import Control

_ROLE = {"wrong": "error", "wrong_input": "error", "correct": "success", "finished": "success"}


@dataclass(frozen=True)
class Colours:
    """The replica's colours: the kiosk's own look, or the app's (high-contrast) palette."""

    bar: str
    bar_text: str
    screen: str
    text: str
    muted: str
    tile: str
    tile_text: str
    price: str
    accent: str
    accent_text: str
    highlight: str  # the frame around the next control in guided mode
    border: str

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        return {
            "bar": (self.bar_text, self.bar),
            "screen": (self.text, self.screen),
            "muted": (self.muted, self.screen),
            "tile": (self.tile_text, self.tile),
            "muted on tile": (self.muted, self.tile),
            "price": (self.price, self.tile),
            "accent": (self.accent_text, self.accent),
        }


def colours_for(kiosk: Kiosk, high_contrast: bool) -> Colours:
    if high_contrast:
        p = theme.HIGH_CONTRAST
        return Colours(
            bar=p.window, bar_text=p.text, screen=p.window, text=p.text, muted=p.muted_text,
            tile=p.button, tile_text=p.button_text, price=p.success_text, accent=p.primary,
            accent_text=p.primary_text, highlight=p.highlight, border=p.text,
        )  # fmt: skip
    look = kiosk.look
    p = theme.NORMAL
    if look is None:
        return Colours(
            bar=p.primary, bar_text=p.primary_text, screen=p.panel, text=p.text,
            muted=p.muted_text, tile=p.button, tile_text=p.button_text, price=p.primary,
            accent=p.primary, accent_text=p.primary_text, highlight=p.highlight,
            border=p.muted_text,
        )  # fmt: skip
    return Colours(
        bar=look.bar, bar_text=look.bar_text, screen=look.screen, text=look.text,
        muted=look.muted, tile=look.tile, tile_text=look.tile_text, price=look.price,
        accent=look.accent, accent_text=look.accent_text, highlight=p.highlight,
        border=look.muted,
    )  # fmt: skip


@dataclass
class ControlView:
    id: str
    kind: str
    label: str
    plain: str = ""  # shown in hint mode: the English or jargon in plain words
    price: str = ""
    picture: str = ""
    badge: str = ""
    style: str = "normal"  # normal | primary | back
    selected: bool = False
    highlight: bool = False


@dataclass
class GroupView:
    title: str
    columns: int
    choices: list[ControlView]


@dataclass
class CounterView:
    label: str
    plain: str
    value: str
    price: str
    minus: ControlView
    plus: ControlView


@dataclass
class LineView:
    name: str
    detail: str
    qty: str
    price: str
    minus: ControlView | None = None
    plus: ControlView | None = None


@dataclass
class SlipView:
    title: str
    number: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)  # (left, right)
    receipt: bool = False


@dataclass
class KeypadView:
    prompt: str
    display: str
    delete: str
    columns: int


@dataclass
class ReplicaView:
    colours: Colours
    large: bool
    brand: str
    countdown: str
    title: str
    text: str
    banner: str = ""  # the brand's slogan in the empty top part, as real kiosks advertise
    warning: str = ""  # "time is running out": shown with the extend button
    extend: str = ""
    device: str = ""
    device_phase: float = 0.0
    device_progress: float = 0.0
    tabs: list[ControlView] = field(default_factory=list)
    tiles: list[ControlView] = field(default_factory=list)
    tile_columns: int = 3
    groups: list[GroupView] = field(default_factory=list)
    counters: list[CounterView] = field(default_factory=list)
    cart: str = "none"  # none | bar | full
    cart_lines: list[LineView] = field(default_factory=list)
    cart_summary: str = ""
    keypad: KeypadView | None = None
    buttons: list[ControlView] = field(default_factory=list)
    button_columns: int = 2
    slips: list[SlipView] = field(default_factory=list)
    hint_mode: bool = False

    def controls(self) -> list[ControlView]:
        """Every control of the screen, in reading order."""
        out = [*self.tabs, *self.tiles]
        for g in self.groups:
            out += g.choices
        for c in self.counters:
            out += [c.minus, c.plus]
        for ln in self.cart_lines:
            out += [x for x in (ln.minus, ln.plus) if x is not None]
        return out + self.buttons

    def structure(self) -> tuple:
        """Changes when widgets must be made anew (not for a new highlight or text)."""
        return (
            tuple(c.id for c in self.controls()),
            tuple(g.title for g in self.groups),
            self.tile_columns, self.button_columns, self.large, self.hint_mode, self.cart,
            len(self.cart_lines), self.keypad is not None, len(self.slips), self.colours,
        )  # fmt: skip


@dataclass
class SideView:
    badge: str
    instruction: str
    status: str
    task: str = ""  # guided mode: the whole task, under the step to do now
    feedback: str = ""
    feedback_role: str = ""  # error | success | "" (plain)
    people: int = 0  # waiting behind the trainee (pressure practice)
    people_text: str = ""
    controls: dict[str, str] = field(default_factory=dict)  # those of hint/undo/... shown now
    finished: bool = False
    result: str = ""  # "see the result" (shown once the task is done)
    toggles: dict[str, tuple[str, bool]] = field(default_factory=dict)


@dataclass
class PracticeView:
    replica: ReplicaView
    side: SideView


def money(ctx: KioskContext, amount: int) -> str:
    sign = "-" if amount < 0 else ""
    return sign + ctx.t("training.money", amount=f"{abs(amount):,}")


def instruction_text(session: PracticeSession, ctx: KioskContext) -> str:
    """Guided: the step to do now; practice and quiz: only the task card."""
    lang = ctx.lang
    if session.finished:
        return ctx.t("training.done_look_at_kiosk")
    if session.waiting:
        return ctx.t("training.kiosk_busy")
    if session.style is Style.GUIDED:
        return session.step.say.get(lang)
    return ctx.t("training.task_card", task=session.task.card.get(lang))


def _control(c: Control, ctx: KioskContext, hint_mode: bool, highlight: str | None):
    lang = ctx.lang
    price = ""
    if c.price is not None:
        amount = money(ctx, c.price)
        price = f"+{amount}" if c.kind == "choice" and c.price > 0 else amount
    return ControlView(
        id=c.id,
        kind=c.kind,
        label=c.label.get(lang),
        plain=c.plain.get(lang) if hint_mode and c.plain is not None else "",
        price=price,
        picture=c.picture or "",
        badge=c.badge.get(lang) if c.badge is not None else "",
        style=c.style,
        selected=c.selected,
        highlight=c.id == highlight,
    )


def replica_view(
    session: PracticeSession, ctx: KioskContext, hint_mode: bool = False
) -> ReplicaView:
    lang, t = ctx.lang, ctx.t
    kiosk, machine = session.kiosk, session.machine
    large = ctx.accessibility.large_text
    screen = machine.screen
    values = machine.values(lang, lambda n: money(ctx, n))
    highlight = session.highlight_button()
    controls = {
        cid: _control(c, ctx, hint_mode, highlight) for cid, c in session.controls().items()
    }
    raw = session.controls()
    left = session.time_left_s()
    view = ReplicaView(
        colours=colours_for(kiosk, ctx.accessibility.high_contrast),
        large=large,
        brand=(kiosk.look.brand if kiosk.look else kiosk.title).get(lang),
        countdown=t("training.time_left", seconds=math.ceil(left)) if left is not None else "",
        title=screen.title.get(lang).format(**values),
        text=screen.text.get(lang).format(**values) if screen.text else "",
        hint_mode=hint_mode,
        tile_columns=1 if large else 3,
        button_columns=min(screen.columns, 2) if large else screen.columns,
    )
    if kiosk.look is not None and kiosk.look.tagline and not large and screen.device is None:
        view.banner = kiosk.look.tagline.get(lang)
    if session.time_warning():
        view.warning = t("training.time_warning", seconds=math.ceil(left))
        view.extend = t("training.extend")
    if screen.device is not None:
        view.device = screen.device
        view.device_phase = machine.screen_s
        view.device_progress = min(1.0, machine.screen_s / screen.auto_after_s)
    for cid, c in raw.items():
        cv = controls[cid]
        if c.kind == "tab":
            view.tabs.append(cv)
        elif c.kind == "item":
            view.tiles.append(cv)
        elif c.kind == "button":
            view.buttons.append(cv)
    for gid in screen.choices:
        group = kiosk.groups[gid]
        cols = min(group.columns, 2) if large else group.columns
        title = group.title.get(lang) if group.title else ""
        view.groups.append(GroupView(title, cols, [controls[c.id] for c in group.choices]))
    for cid in screen.counters:
        spec = kiosk.counters[cid]
        view.counters.append(
            CounterView(
                label=spec.label.get(lang),
                plain=spec.plain.get(lang) if hint_mode and spec.plain else "",
                value=str(machine.counts[cid]),
                price=money(ctx, spec.price) if spec.price else "",
                minus=controls[f"{cid}_minus"],
                plus=controls[f"{cid}_plus"],
            )
        )
    _cart(view, session, ctx, controls)
    if screen.input is not None and not session.finished:
        spec = screen.input
        shown = session.typed
        if spec.masked:
            shown = "●" * len(shown)
        elif spec.money and shown:
            shown = money(ctx, int(shown))
        view.keypad = KeypadView(
            prompt=spec.prompt.get(lang),
            display=shown or t("training.keypad_empty"),
            delete=t("training.keypad_delete"),
            columns=3,
        )
    slip = screen.slip
    if slip is not None and (machine.receipt or not slip.only_with_receipt):
        view.slips.append(
            SlipView(
                title=slip.title.get(lang).format(**values),
                number=str(kiosk.ticket_number) if slip.number else "",
                lines=[(ln.get(lang).format(**values), "") for ln in slip.lines],
            )
        )
    if slip is not None and machine.receipt and machine.total():
        view.slips.append(receipt_slip(session, ctx))
    return view


def _cart(view: ReplicaView, session: PracticeSession, ctx: KioskContext, controls) -> None:
    machine, lang = session.machine, ctx.lang
    view.cart = machine.screen.cart
    if view.cart == "none":
        return
    n = machine.item_count()
    view.cart_summary = (
        ctx.t("training.cart_summary", items=n, total=money(ctx, machine.total()))
        if n
        else ctx.t("training.cart_empty")
    )
    if view.cart != "full":
        return
    for i, line in enumerate(machine.cart, start=1):
        item = session.kiosk.item(line.item)
        view.cart_lines.append(
            LineView(
                name=item.name.get(lang),
                detail=", ".join(x.get(lang) for x in machine.line_detail(line)),
                qty=str(line.qty),
                price=money(ctx, machine.line_price(line) * line.qty),
                minus=controls[f"line{i}_minus"],
                plus=controls[f"line{i}_plus"],
            )
        )


def receipt_slip(session: PracticeSession, ctx: KioskContext) -> SlipView:
    """The paper receipt: what was bought, the total and how it was paid."""
    machine, kiosk, lang = session.machine, session.kiosk, ctx.lang
    lines: list[tuple[str, str]] = []
    for line in machine.cart:
        name = kiosk.item(line.item).name.get(lang)
        detail = ", ".join(x.get(lang) for x in machine.line_detail(line))
        name = f"{name} ({detail})" if detail else name
        lines.append((f"{name} x{line.qty}", money(ctx, machine.line_price(line) * line.qty)))
    for cid, n in machine.counts.items():
        spec = kiosk.counters[cid]
        if n and spec.price:
            lines.append((f"{spec.label.get(lang)} x{n}", money(ctx, spec.price * n)))
    for gid, cid in machine.picks.items():
        choice = kiosk.groups[gid].choice(cid)
        if choice.price:
            lines.append((choice.label.get(lang), money(ctx, choice.price)))
    lines.append((ctx.t("training.receipt_total"), money(ctx, machine.total())))
    paid = machine.picks.get("payment")
    if paid:
        how = kiosk.groups["payment"].choice(paid).label.get(lang)
        lines.append((ctx.t("training.receipt_paid"), how))
    brand = (kiosk.look.brand if kiosk.look else kiosk.title).get(lang)
    return SlipView(title=ctx.t("training.receipt_title", brand=brand), lines=lines, receipt=True)


def _shown_controls(session: PracticeSession) -> list[str]:
    """Guided mode needs no hint button; once the task is done only "stop" stays (and "see
    the result" comes)."""
    if session.finished:
        return ["quit"]
    hint = [] if session.style is Style.GUIDED else ["hint"]
    return [*hint, "undo", "start_again", "quit"]


def side_view(
    session: PracticeSession,
    ctx: KioskContext,
    feedback: Feedback | None = None,
    hint_prefix: bool = False,
    hint_mode: bool = False,
) -> SideView:
    t = ctx.t
    if session.style is Style.QUIZ:
        status = t("training.quiz_status", seconds=int(session.elapsed_s), errors=session.errors)
    else:
        n = min(session.step_index + 1, session.total_steps)
        status = t("training.step_of", n=n, total=session.total_steps)
    text = role = ""
    if feedback is not None:
        text = feedback_text(feedback, ctx.strings, ctx.lang)
        if hint_prefix:
            text = t("training.idle_hint", hint=text)
        role = _ROLE.get(feedback.kind, "")
    acc = ctx.accessibility
    side = SideView(
        badge=t("training.practice_kiosk"),
        instruction=instruction_text(session, ctx),
        status=status,
        task=(
            t("training.task_card", task=session.task.card.get(ctx.lang))
            if session.style is Style.GUIDED and not session.finished
            else ""
        ),
        feedback=text,
        feedback_role=role,
        controls={k: t(f"training.{k}") for k in _shown_controls(session)},
        finished=session.finished,
        result=t("training.see_result"),
        toggles={
            "hint_mode": (t("training.hint_mode"), hint_mode),
            "voice": (t("training.voice_guide"), acc.voice_guidance),
            "large_text": (t("training.large_text"), acc.large_text),
        },
    )
    queue = session.queue
    if queue is not None and queue.people:
        side.people = queue.people
        side.people_text = t(f"training.pressure_{queue.level}", n=queue.people)
    return side


def practice_view(
    session: PracticeSession,
    ctx: KioskContext,
    feedback: Feedback | None = None,
    hint_prefix: bool = False,
    hint_mode: bool = False,
) -> PracticeView:
    return PracticeView(
        replica=replica_view(session, ctx, hint_mode),
        side=side_view(session, ctx, feedback, hint_prefix, hint_mode),
    )
