"""The robot's touch screen: city information while idle, then places, documents, staff, a call
for a veteran official, escorts and (arboretum) docent tours.

Rules and state live in RobotScreenModel (plain Python, tested without Qt); the widgets in
RobotScreenMode only display it and forward touches. ROS traffic goes through
kiosk_ui.rosbridge.RobotBridge, so the UI thread never waits on the robot.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kiosk_ui.modes.bridged import BridgedMode

log = logging.getLogger(__name__)

IDLE_TIMEOUT_S = 30.0  # DESIGN.md: 30 s without activity ends a conversation
SAEBIT_OFFICE = "saebit_office"
TOUR_COMMANDS = ("pause", "resume", "skip", "repeat", "end")


# ---- content, read through concierge_content (never parsed here) ---------------------------
def tr(value: Any, lang: str) -> str:
    """ko/en text from a KoEn model, a {ko, en} dict or a plain value."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("ko") or "")
    if hasattr(value, "ko"):
        return str(getattr(value, lang, None) or value.ko)
    return str(value)


def _words(value: Any) -> list[str]:
    """Every ko/en string inside a name/alias value (KoEn, KoEnList, dict, list, str)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [w for v in value.values() for w in _words(v)]
    if isinstance(value, (list, tuple)):
        return [w for v in value for w in _words(v)]
    if hasattr(value, "model_dump"):
        return _words(value.model_dump())
    return [str(value)]


def _norm(text: str) -> str:
    return "".join(text.lower().split())


@dataclass
class Item:
    """One thing a visitor can pick: a place, a service, a staff member or a course."""

    id: str
    name: Any  # KoEn-like
    words: list[str]
    source: Any = None  # the content model behind it

    def label(self, lang: str) -> str:
        return tr(self.name, lang)


def search(items: Iterable[Item], query: str) -> list[Item]:
    """Items whose name or alias contains the query (spaces and case ignored); prefix first."""
    q = _norm(query)
    items = list(items)
    if not q:
        return items
    hits: list[tuple[int, int, Item]] = []
    for i, item in enumerate(items):
        words = [_norm(w) for w in item.words]
        if any(w.startswith(q) for w in words):
            hits.append((0, i, item))
        elif any(q in w for w in words):
            hits.append((1, i, item))
    return [item for _, _, item in sorted(hits, key=lambda h: (h[0], h[1]))]


def floor_text(floor: Any, t: Callable[..., str]) -> str:
    """ "1F" / 1 -> "1층"; "B1" / -1 -> "지하 1층"; anything else shown as written."""
    if floor is None or floor == "":
        return ""
    text = str(floor).strip().upper()
    if text.startswith("B") and text[1:].isdigit():
        return t("robot_screen.floor_below", n=int(text[1:]))
    text = text.removesuffix("F")
    try:
        n = int(text)
    except ValueError:
        return str(floor)
    return t("robot_screen.floor_below", n=-n) if n < 0 else t("robot_screen.floor_above", n=n)


def hours_text(hours: Any, lang: str, t: Callable[..., str]) -> str:
    """{weekdays: "09:00-18:00", thu: "09:00-20:00"} -> "평일 09:00-18:00 · 목요일 09:00-20:00"."""
    if not hours:
        return ""
    if not isinstance(hours, dict):
        return tr(hours, lang)
    parts = []
    for key, value in hours.items():
        when = t(f"robot_screen.hours_{key}")
        shown = t("robot_screen.hours_closed") if value == "closed" else value
        parts.append(f"{when} {shown}")
    return " · ".join(parts)


@dataclass
class SiteContent:
    """Everything the robot screen shows for one site, loaded once; missing parts stay empty."""

    site: str
    places: list[Item] = field(default_factory=list)
    services: list[Item] = field(default_factory=list)
    staff: list[Item] = field(default_factory=list)
    courses: list[Item] = field(default_factory=list)
    promotions: Any = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, site: str, root=None) -> SiteContent:
        """Cached: content does not change while the kiosk runs, and loading takes seconds."""
        return _load_site_content(site, root)

    @classmethod
    def _load(cls, site: str, root=None) -> SiteContent:
        content = cls(site)
        content.places = content._try("places", lambda: _load_places(site, root))
        content.services = content._try("services", lambda: _load_named(site, root, "services"))
        content.staff = content._try("staff", lambda: _load_staff(site, root))
        content.courses = content._try("courses", lambda: _load_named(site, root, "courses"))
        try:
            from concierge_content.promotions import load_promotions

            content.promotions = load_promotions(site, root)
        except Exception as exc:  # the screen still works without cards
            content.problems.append(f"promotions: {exc}")
        return content

    def _try(self, what: str, fn: Callable[[], list[Item]]) -> list[Item]:
        try:
            return fn()
        except Exception as exc:  # missing or broken content shows a message, not a crash
            self.problems.append(f"{what}: {exc}")
            log.warning("robot screen: no %s for %s: %s", what, self.site, exc)
            return []

    def place(self, place_id: str) -> Item | None:
        return next((p for p in self.places if p.id == place_id), None)

    def find(self, kind: str, item_id: str) -> Item | None:
        return next((i for i in getattr(self, kind) if i.id == item_id), None)


@functools.lru_cache(maxsize=4)
def _load_site_content(site: str, root) -> SiteContent:
    return SiteContent._load(site, root)


def _load_places(site: str, root) -> list[Item]:
    from concierge_content.places import load_places

    loaded = load_places(site, root) if root else load_places(site)
    items = getattr(loaded, "places", loaded)
    if isinstance(items, dict):
        items = list(items.values())
    return [
        Item(p.id, p.name, _words(p.name) + _words(getattr(p, "aliases", None)), p)
        for p in items
        if p.id != "charging_dock"
    ]


def _load_named(site: str, root, kind: str) -> list[Item]:
    import importlib

    module = importlib.import_module(f"concierge_content.{kind}")
    loaded = getattr(module, f"load_{kind}")(site, root)
    return [
        Item(x.id, x.name, _words(x.name) + _words(getattr(x, "aliases", None)), x)
        for x in getattr(loaded, kind)
    ]


def _load_staff(site: str, root) -> list[Item]:
    from concierge_content.staff import load_staff

    return [
        Item(s.id, s.name, _words(s.name) + _words(s.department) + _words(s.duty), s)
        for s in load_staff(site, root).staff
    ]


class PromoCarousel:
    """Which city-information card the idle screen shows; advances every rotate_s."""

    def __init__(self, cards: list[Any], rotate_s: float = 8.0):
        self.cards = cards
        self.rotate_s = rotate_s
        self.index = 0
        self._shown_at: float | None = None

    def current(self, now: float) -> Any | None:
        if not self.cards:
            return None
        if self._shown_at is None:
            self._shown_at = now
        elif now - self._shown_at >= self.rotate_s:
            steps = int((now - self._shown_at) // self.rotate_s)
            self.index = (self.index + steps) % len(self.cards)
            self._shown_at += steps * self.rotate_s
        return self.cards[self.index]


# ---- the screen's state and rules ------------------------------------------------------------
@dataclass
class MissionView:
    kind: str
    target: str = ""  # place/course id
    stage: str = "sent"  # sent | accepted | feedback | succeeded | failed | canceled | ...
    phase: str = ""
    feedback: dict[str, Any] = field(default_factory=dict)
    error_code: int = 0

    @property
    def active(self) -> bool:
        return self.stage in ("sent", "accepted", "feedback")


class RobotScreenModel:
    """Which screen is shown and why; all times in seconds of `clock`."""

    HOME_ITEMS = {
        "city_hall": ("where", "hours", "documents", "call_staff", "staff_search"),
        "arboretum": ("courses", "where", "hours"),
    }

    def __init__(
        self,
        content: SiteContent,
        idle_timeout_s: float = IDLE_TIMEOUT_S,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.content = content
        self.idle_timeout_s = idle_timeout_s
        self.clock = clock
        self.screen = "idle"  # idle | home | list | detail | mission
        self.list_kind = ""  # places | services | staff | courses
        self.purpose = ""  # where | hours (for places)
        self.selected: Item | None = None
        self.selected_kind = ""
        self.query = ""
        self.reply = ""
        self.mission: MissionView | None = None
        self.connected = False
        self.engaged = 0  # people in /people facing the robot
        self.last_activity = clock()
        cards = content.promotions.cards if content.promotions else []
        rotate = content.promotions.rotate_s if content.promotions else 8.0
        self.carousel = PromoCarousel(cards, rotate)

    @property
    def site(self) -> str:
        return self.content.site

    def home_items(self) -> tuple[str, ...]:
        return self.HOME_ITEMS.get(self.site, self.HOME_ITEMS["city_hall"])

    def touch(self) -> None:
        self.last_activity = self.clock()

    def tick(self) -> bool:
        """True when the screen just went back to idle (nobody there for idle_timeout_s).

        A running escort or tour keeps its screen: the visitor is walking, not touching."""
        if self.screen == "idle" or (self.mission and self.mission.active):
            return False
        if self.clock() - self.last_activity >= self.idle_timeout_s:
            self.reset()
            return True
        return False

    def reset(self) -> None:
        self.screen, self.list_kind, self.purpose, self.query = "idle", "", "", ""
        self.selected, self.selected_kind, self.reply = None, "", ""
        if self.mission and not self.mission.active:
            self.mission = None

    def on_people(self, engaged: int) -> bool:
        """Someone turned to the robot: greet once when the first person engages (not again
        every time the idle timeout ends while they stand there). True when it greeted."""
        was, self.engaged = self.engaged, engaged
        if engaged and not was and self.screen == "idle":
            self.greet()
            return True
        return False

    def greet(self) -> None:
        self.touch()
        self.screen = "home"

    def ask(self, text: str) -> str | None:
        """A typed question for the dialog engine; None when there is nothing to ask."""
        self.touch()
        text = " ".join(text.split())
        return text or None

    def open_list(self, kind: str, purpose: str = "") -> None:
        self.touch()
        self.screen, self.list_kind, self.purpose, self.query = "list", kind, purpose, ""

    def results(self) -> list[Item]:
        return search(getattr(self.content, self.list_kind, []), self.query)

    def select(self, kind: str, item_id: str) -> Item | None:
        self.touch()
        item = self.content.find(kind, item_id)
        if item is not None:
            self.screen, self.selected, self.selected_kind = "detail", item, kind
        return item

    def back(self) -> None:
        self.touch()
        if self.screen == "detail" and self.list_kind:
            self.screen = "list"
        else:
            self.screen = "home"

    def escort_target(self) -> str | None:
        """The place 'take me there' leads to for the item on screen."""
        item, kind = self.selected, self.selected_kind
        if item is None:
            return None
        if kind == "places":
            return item.id
        if kind == "services":
            return getattr(item.source, "place", None)
        if kind == "staff":
            return getattr(item.source, "office", None)
        return None

    def service_link(self) -> str | None:
        place = self.escort_target()
        promos = self.content.promotions
        return promos.link_for(place) if promos and place else None

    # -- the robot --
    def start_mission(self, kind: str, target: str) -> None:
        self.touch()
        self.mission = MissionView(kind, target)
        self.screen = "mission"

    def on_mission_update(self, update: Any) -> None:
        if self.mission is None or self.mission.kind != update.kind:
            self.mission = MissionView(update.kind)
        m = self.mission
        m.stage = update.stage
        if update.phase:
            m.phase = update.phase
        if update.feedback:
            m.feedback = dict(update.feedback)
        m.error_code = update.error_code
        self.touch()

    def on_intent(self, intent: Any) -> None:
        """What the dialog understood (voice or touch): show the reply, and the place if any."""
        self.touch()
        if intent.reply:
            self.reply = intent.reply
        if self.screen == "idle":
            self.screen = "home"
        if intent.place_id and intent.intent in ("find_place", "hours", "escort"):
            self.select("places", intent.place_id)
        elif intent.course_id and intent.intent == "tour_recommend":
            self.select("courses", intent.course_id)

    def mission_text(self) -> tuple[str, dict[str, Any]]:
        """The i18n key (robot_screen.*) and values for the mission line."""
        m = self.mission
        if m is None:
            return "", {}
        if m.stage in ("succeeded", "failed", "canceled", "unavailable", "rejected"):
            if m.stage == "succeeded" and m.phase == "returning":
                return "phase_returning", {}
            return f"mission_{m.stage}", {}
        if m.phase:
            return f"phase_{m.phase}", {}
        return {
            "escort": "escort_sent",
            "call_staff": "call_staff_sent",
            "tour": "tour_sent",
        }.get(m.kind, "phase_driving"), {}

    def mission_detail(self) -> tuple[str, dict[str, Any]]:
        m = self.mission
        if m is None:
            return "", {}
        fb = m.feedback
        if m.kind == "call_staff" and fb.get("staff_name") and m.phase != "paging":
            return "staff_answered", {"name": fb["staff_name"]}
        if m.kind == "call_staff" and fb.get("expected_wait_s"):
            return "wait_estimate", {"minutes": max(1, round(fb["expected_wait_s"] / 60))}
        if m.kind in ("escort", "go_to_place") and fb.get("distance_remaining_m", 0) > 0.5:
            return "distance_left", {"meters": round(fb["distance_remaining_m"])}
        if m.kind == "tour" and fb.get("stop_count"):
            return "tour_progress", {
                "index": fb.get("stop_index", 0) + 1,
                "count": fb["stop_count"],
            }
        return "", {}


# ---- the widgets -----------------------------------------------------------------------------
class RobotScreenMode(BridgedMode):
    name = "robot"
    title_key = "kiosk.mode_robot"

    def __init__(self, ctx, site: str | None = None, bridge=None):
        super().__init__(ctx, bridge)
        self.site = site or os.environ.get("CONCIERGE_SITE", "city_hall")
        self.model = RobotScreenModel(SiteContent.load(self.site))

    # -- Mode interface --
    def build(self, parent):
        from kiosk_ui.modes import robot_view

        self.view = robot_view.RobotScreenView(self, parent)
        if self.bridge is None:
            from kiosk_ui.rosbridge import RobotBridge

            self.bridge = RobotBridge(self.view, node_name="kiosk_robot_screen")
        self.view.connect_bridge(self.bridge)
        self.view.refresh()
        return self.view

    def idle_timeout(self) -> None:
        self.model.reset()
        if self.view is not None:
            self.view.refresh()
