"""The robot screen's state and rules, plain Python (tested without Qt or ROS): which screen is
shown and why, idle time-out, search, what "take me there" leads to, mission progress, and the
touch choices of a question the robot asks back (a confirmation, "didn't catch that")."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk_ui.site_content import Item, SiteContent, search

IDLE_TIMEOUT_S = 30.0  # DESIGN.md: 30 s without activity ends a conversation
TOUR_COMMANDS = ("pause", "resume", "skip", "repeat", "end")


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


@dataclass
class Choices:
    """A question from the dialog with touch answers; a touched answer goes back to the dialog
    as the visitor's words (the utterance), the same way a spoken answer would."""

    question: str
    lang: str
    options: list[tuple[str, str]]  # (label on the button, utterance sent when touched)
    confirm: bool = False  # a yes/no confirmation ("yes" first), not a list of places


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
        self.screen = "idle"  # idle | home | list | detail | mission | choices
        self.list_kind = ""  # places | services | staff | courses
        self.purpose = ""  # where | hours (for places)
        self.selected: Item | None = None
        self.selected_kind = ""
        self.query = ""
        self.reply = ""
        self.mission: MissionView | None = None
        self.choices: Choices | None = None
        self._before_choices = "home"  # the screen a touched answer returns to
        self.connected = False
        self.engaged = 0  # people in /people facing the robot
        self.robot_pose: tuple[float, float, float] | None = None  # map frame, from /robot/status
        self.last_activity = clock()
        cards = content.promotions.cards if content.promotions else []
        rotate = content.promotions.rotate_s if content.promotions else 8.0
        self.carousel = PromoCarousel(cards, rotate)

    @property
    def site(self) -> str:
        return self.content.site

    @property
    def staff_office(self) -> str | None:
        """Where veteran officials are paged from (the site's staff_office role)."""
        return self.content.role("staff_office")

    def home_items(self) -> tuple[str, ...]:
        items = self.HOME_ITEMS.get(self.site, self.HOME_ITEMS["city_hall"])
        # no staff office here: nobody to call
        return tuple(i for i in items if i != "call_staff" or self.staff_office)

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
        self.choices = None
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

    def start_over(self) -> None:
        self.reset()
        self.greet()

    def ask(self, text: str) -> str | None:
        """A typed question for the dialog engine; None when there is nothing to ask."""
        self.touch()
        text = " ".join(text.split())
        return text or None

    def open_list(self, kind: str, purpose: str = "") -> None:
        self.touch()
        self.screen, self.list_kind, self.purpose, self.query = "list", kind, purpose, ""

    def set_query(self, text: str) -> None:
        self.touch()
        self.query = text

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

    def show_mission(self) -> None:
        self.screen = "mission"

    def on_mission_update(self, update: Any) -> None:
        """A MissionUpdate from the bridge (or "unavailable" when there is no robot)."""
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
        if self.screen == "choices":  # a question waits for its answer; the mission comes next
            self._before_choices = "mission"
        elif self.screen != "idle":
            self.screen = "mission"

    def on_status(self, status: Any) -> None:
        """A RobotStatus: where the robot stands (the hand-off map marks it)."""
        self.robot_pose = (status.x, status.y, status.yaw)

    def handoff_map(self) -> tuple[tuple[float, float], tuple[float, float, float]] | None:
        """(place x, y) and the robot's pose while an escort is handed off on low battery: the
        screen then shows both on the map, so the visitor can go on alone."""
        m = self.mission
        if m is None or m.kind != "escort" or m.phase != "handoff" or self.robot_pose is None:
            return None
        place = self.content.place(m.target)
        if place is None or not hasattr(place.source, "pose"):
            return None
        return (place.source.pose.x, place.source.pose.y), self.robot_pose

    def on_intent(self, intent: Any) -> None:
        """What the dialog understood (voice or touch): show the reply, and the place if any;
        a question with choices (a confirmation) shows them as buttons until answered."""
        self.touch()
        labels = list(getattr(intent, "choice_labels", None) or [])
        utterances = list(getattr(intent, "choice_utterances", None) or [])
        if labels and len(labels) == len(utterances):
            if self.screen != "choices":
                self._before_choices = "home" if self.screen == "idle" else self.screen
            confirm = bool(getattr(intent, "confirm", False)) or intent.intent == "confirm"
            options = list(zip(labels, utterances, strict=True))
            self.choices = Choices(intent.reply, intent.lang or "ko", options, confirm)
            self.reply = ""  # the question is the choices page's title
            self.screen = "choices"
            return
        if self.screen == "choices":  # answered by voice
            self.screen = self._before_choices
        self.choices = None
        if intent.reply:
            self.reply = intent.reply
        if self.screen == "idle":
            self.screen = "home"
        if intent.place_id and intent.intent in ("find_place", "hours", "escort"):
            self.select("places", intent.place_id)
        elif intent.course_id and intent.intent == "tour_recommend":
            self.select("courses", intent.course_id)

    def choose(self, index: int) -> tuple[str, str, str] | None:
        """A touched answer: (label, utterance, lang) for the dialog, as if the visitor had said
        it; the screen goes back to where the question came up. None: no such choice."""
        self.touch()
        if self.choices is None or not 0 <= index < len(self.choices.options):
            return None
        label, utterance = self.choices.options[index]
        lang = self.choices.lang
        self.choices = None
        self.screen = self._before_choices
        return label, utterance, lang

    def mission_text(self) -> tuple[str, dict[str, Any]]:
        """The i18n key (robot_screen.*) and values for the mission line."""
        m = self.mission
        if m is None:
            return "", {}
        if m.stage in ("succeeded", "failed", "canceled", "unavailable", "rejected"):
            if m.stage == "succeeded" and m.phase == "returning":
                return "phase_returning", {}
            if m.phase == "handoff":  # the escort ended on low battery: where to go on alone
                return "phase_handoff", {}
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
