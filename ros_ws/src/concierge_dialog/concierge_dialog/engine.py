"""The dialog engine: one utterance in, intent + slots + reply out, with short memory.

Plain Python over content/ (no ROS): dialog_node and `concierge ask` are thin shells around it.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import asdict, dataclass, field, replace

from concierge_content.wording import floor_text, hours_text

from concierge_dialog import slots
from concierge_dialog.knowledge import SiteKnowledge, load_site
from concierge_dialog.replies import Replies, particles
from concierge_dialog.text import Form, Hit, analyse, best, kiwi

CONVERSATION_TIMEOUT_S = 30.0
CLARIFY_MARGIN = 1.5  # strength difference under which two places count as "really close"
_SEASONS = {
    12: "winter",
    1: "winter",
    2: "winter",
    3: "spring",
    4: "spring",
    5: "spring",
    6: "summer",
    7: "summer",
    8: "summer",
    9: "autumn",
    10: "autumn",
    11: "autumn",
}


@dataclass
class DialogResult:
    intent: str
    lang: str
    reply: str
    place_id: str | None = None
    staff_id: str | None = None
    course_id: str | None = None
    action: str | None = None
    time_available_min: int | None = None
    interest: str | None = None
    confidence: float = 0.0
    conversation_id: str = ""
    utterance: str = ""
    confirm: bool = False  # the robot asks before acting (recognition was unsure)
    choices: list[tuple[str, str]] = field(default_factory=list)  # touch (label, utterance)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Memory:
    conversation_id: str = ""
    last_time: float = -1e9
    place_id: str | None = None
    offered_escort: bool = False
    offered_course: str | None = None
    clarify: list[str] = field(default_factory=list)


class DialogEngine:
    """Understands visitors of one site. `handle(text)` never raises on odd input."""

    def __init__(self, site: str, knowledge: SiteKnowledge | None = None):
        self.k = knowledge or load_site(site)
        self.site = site
        self.replies = Replies()
        self._mem = _Memory()
        self._place_names = {pid: p.names() for pid, p in self.k.places.items()}
        self._service_names = {
            s.id: [s.name.ko, s.name.en, *s.aliases.ko, *s.aliases.en]
            for s in self.k.services.services
        }
        self._course_names = {
            c.id: [c.name.ko, c.name.en, *c.aliases.ko, *c.aliases.en]
            for c in self.k.courses.courses
        }
        self._staff_names = {s.id: [s.name.ko, s.name.en] for s in self.k.staff.staff}
        self._staff_work = {
            s.id: [
                s.department.ko,
                s.department.en,
                s.duty.ko,
                s.duty.en,
                *s.keywords.ko,
                *s.keywords.en,
            ]
            for s in self.k.staff.staff
        }
        p = self.k.patterns
        self._cues = {name: list(c.ko) + list(c.en) for name, c in p.intents.items()}
        self._actions = {name: list(c.ko) + list(c.en) for name, c in p.tour_actions.items()}
        self._affirm = list(p.affirm.ko) + list(p.affirm.en)
        self._deny = list(p.deny.ko) + list(p.deny.en)
        self._anaphora = list(p.anaphora.ko) + list(p.anaphora.en)
        kiwi()  # load the analyser now, not on the first visitor's question

    # -- public -------------------------------------------------------------------------------

    def reset(self) -> None:
        self._mem = _Memory()

    def handle(
        self,
        text: str,
        lang: str | None = None,
        now: float | None = None,
        today: dt.date | None = None,
    ) -> DialogResult:
        now_given = now
        now = time.monotonic() if now is None else now
        if now - self._mem.last_time > CONVERSATION_TIMEOUT_S:
            self._mem = _Memory(conversation_id=uuid.uuid4().hex[:12])
        self._mem.last_time = now
        form = analyse(text or "", lang)
        try:
            result = self._understand(form, today or dt.date.today())
        except (KeyError, ValueError, IndexError) as exc:  # content gap: answer, never crash
            result = DialogResult("unknown", form.lang, self._unknown(form.lang), confidence=0.0)
            result.utterance = f"{text} ({type(exc).__name__})"
        result.conversation_id = self._mem.conversation_id
        result.utterance = result.utterance or text
        self._remember(result)
        if now_given is None:  # silence counts from the end of the reply
            self._mem.last_time = time.monotonic()
        return result

    def peek(self, text: str, lang: str | None = None,
             today: dt.date | None = None) -> DialogResult:  # fmt: skip
        """What `handle` would answer, leaving the conversation's memory as it was."""
        saved = replace(self._mem, clarify=list(self._mem.clarify))
        try:
            return self.handle(text, lang=lang, now=self._mem.last_time, today=today)
        finally:
            self._mem = saved

    def forget_place(self) -> None:
        """The visitor said the place we understood was wrong: "거기" no longer points at it."""
        self._mem.place_id = None
        self._mem.offered_escort = False

    # -- understanding ------------------------------------------------------------------------

    def _understand(self, form: Form, today: dt.date) -> DialogResult:
        lang = form.lang
        if not form.jamo and not form.words:
            return DialogResult("unknown", lang, self._unknown(lang))
        cues = {name: best(needles, form) for name, needles in self._cues.items()}
        cues = {k: v for k, v in cues.items() if v}
        if "greeting" in cues and "goodbye" in cues:  # "안녕" inside "안녕히 계세요"
            weaker = min(("greeting", "goodbye"), key=lambda i: cues[i].strength)
            del cues[weaker]
        place, close = self._match_place(form)
        staff = self._match_names(form, self._staff_names)
        anaphora = best(self._anaphora, form)

        if self._mem.clarify and place is None:
            picked = self._pick_clarified(form)
            if picked:
                place = picked
        if place is None and anaphora and self._mem.place_id:
            place = self._mem.place_id

        action = self._tour_action(form) if self.k.has_tours else None
        minutes = slots.time_available_min(form)
        place_cue = any(i in cues for i in ("find_place", "escort", "hours", "documents_needed"))
        if action and not (place and place_cue):
            return self._tour_control(action, lang)
        for intent in self.k.patterns.priority:
            if intent == "tour_control":
                continue
            if intent == "tour_recommend":
                named_course = self._match_names(form, self._course_names)
                fires = self.k.has_tours and (
                    "tour_recommend" in cues or minutes > 0 or named_course is not None
                )
                if fires and not (place and ("find_place" in cues or "escort" in cues)):
                    return self._tour_recommend(form, minutes, today)
                continue
            if intent == "find_staff" and staff and "call_staff" not in cues:
                return self._find_staff(form, staff)
            if intent not in cues:
                continue
            if intent == "hours" and minutes and self.k.has_tours and place is None:
                continue  # "we have two hours" is about a tour, not opening hours
            if intent == "call_staff":
                return self._call_staff(form, staff, place, today)
            if intent == "escort":
                return self._escort(place, lang)
            if intent == "documents_needed":
                return self._documents(form, place)
            if intent == "hours":
                return self._hours(place, lang)
            if intent == "find_staff":
                return self._find_staff(form, staff)
            if intent == "find_place":
                return self._find_place(place, close, lang)
            if intent in ("greeting", "goodbye"):
                if place:  # "안녕하세요 화장실이요" is a question, not small talk
                    return self._find_place(place, close, lang)
                if intent == "greeting" and self._is_affirm(form):
                    break
                if intent == "goodbye" and self._mem.offered_escort and self._is_affirm(form):
                    break
                return DialogResult(intent, lang, self._site_say(intent, lang), confidence=0.8)
        if self._is_affirm(form) and self._mem.offered_escort and self._mem.place_id:
            return self._escort(self._mem.place_id, lang)
        if self._is_affirm(form) and self._mem.offered_course:
            return self._start_course(self._mem.offered_course, lang)
        if best(self._deny, form):
            return DialogResult("goodbye", lang, self._site_say("goodbye", lang), confidence=0.6)
        if place:
            return self._find_place(place, close, lang)
        if staff:
            return self._find_staff(form, staff)
        return DialogResult("unknown", lang, self._unknown(lang))

    def _is_affirm(self, form: Form) -> bool:
        return best(self._affirm, form) is not None

    def _match_names(self, form: Form, table: dict[str, list[str]]) -> str | None:
        hits = [(h, key) for key, names in table.items() if (h := best(names, form, True))]
        if not hits:
            return None
        return max(hits, key=lambda hk: hk[0].strength)[1]

    def _match_place(self, form: Form) -> tuple[str | None, str | None]:
        """Best place and, when another is really close, that rival (for a clarifying question)."""
        hits: list[tuple[Hit, str]] = [
            (h, pid) for pid, names in self._place_names.items() if (h := best(names, form, True))
        ]
        if not hits:
            return None, None
        hits.sort(key=lambda hp: hp[0].strength, reverse=True)
        top_hit, top = hits[0]
        if len(hits) > 1:
            second_hit, second = hits[1]
            if top_hit.strength - second_hit.strength < CLARIFY_MARGIN:
                return top, second
        return top, None

    def _pick_clarified(self, form: Form) -> str | None:
        names = {pid: self._place_names[pid] for pid in self._mem.clarify}
        return self._match_names(form, names)

    def _tour_action(self, form: Form) -> str | None:
        hits = [(h, a) for a, needles in self._actions.items() if (h := best(needles, form))]
        if not hits:
            return None
        return max(hits, key=lambda ha: ha[0].strength)[1]

    # -- intents ----------------------------------------------------------------------------

    def _place_fields(self, pid: str, lang: str, key: str = "place") -> dict[str, str]:
        place = self.k.places[pid]
        return particles(key, place.name.get(lang) or place.name.get("ko", pid))

    def _find_place(self, pid: str | None, rival: str | None, lang: str) -> DialogResult:
        if pid is None:
            return DialogResult("find_place", lang, self.replies.say("find_place_which", lang))
        if rival:
            a = self._place_fields(pid, lang, "a")
            b = self._place_fields(rival, lang, "b")
            reply = self.replies.say("clarify", lang, **a, **b)
            self._mem.clarify = [pid, rival]
            return DialogResult("find_place", lang, reply, confidence=0.5)
        place = self.k.places[pid]
        floor = self._floor(place.floor, lang)
        if floor and place.counter:
            where = self.replies.say(
                "where_floor_counter", lang, floor=floor, counter=place.counter[lang]
            )
        elif floor:
            where = self.replies.say("where_floor", lang, floor=floor)
        else:
            where = self.replies.say("where_site", lang)
        hours = self._hours_text(place.hours, lang)
        key = "find_place" if hours else "find_place_nohours"
        reply = self.replies.say(
            key, lang, where=where, hours=hours or "", **self._place_fields(pid, lang)
        )
        return DialogResult("find_place", lang, reply, place_id=pid, confidence=0.9)

    def _escort(self, pid: str | None, lang: str) -> DialogResult:
        if pid is None:
            return DialogResult(
                "escort", lang, self.replies.say("escort_which", lang), confidence=0.6
            )
        reply = self.replies.say("escort", lang, **self._place_fields(pid, lang))
        return DialogResult("escort", lang, reply, place_id=pid, confidence=0.9)

    def _call_staff(
        self, form: Form, staff_id: str | None, pid: str | None, today: dt.date
    ) -> DialogResult:
        lang = form.lang
        member = None
        if staff_id:
            member = self.k.staff.get(staff_id)
        elif pid and pid != self.k.roles.get("staff_office"):
            member = next((s for s in self.k.staff.staff if s.office == pid), None)
        if member is None:
            member = self.k.staff.duty_officer(today.weekday())
        if member is None:
            return DialogResult(
                "call_staff", lang, self.replies.say("call_staff_nobody", lang), place_id=pid
            )
        reply = self.replies.say(
            "call_staff",
            lang,
            staff=getattr(member.name, lang),
            department=getattr(member.department, lang),
        )
        return DialogResult(
            "call_staff", lang, reply, place_id=member.office, staff_id=member.id, confidence=0.9
        )

    def _find_staff(self, form: Form, staff_id: str | None) -> DialogResult:
        lang = form.lang
        if staff_id is None:
            staff_id = self._match_names(form, self._staff_work)
        if staff_id is None:
            return DialogResult("find_staff", lang, self.replies.say("find_staff_which", lang))
        s = self.k.staff.get(staff_id)
        office = (
            self.k.places[s.office].name.get(lang, s.office)
            if s.office in self.k.places
            else s.office
        )
        reply = self.replies.say(
            "find_staff",
            lang,
            staff=getattr(s.name, lang),
            department=getattr(s.department, lang),
            duty=getattr(s.duty, lang),
            office=office,
            ext=s.phone_ext,
        )
        return DialogResult(
            "find_staff", lang, reply, staff_id=s.id, place_id=s.office, confidence=0.85
        )

    def _hours(self, pid: str | None, lang: str) -> DialogResult:
        if pid is None:
            return DialogResult(
                "hours", lang, self.replies.say("hours_which", lang), confidence=0.6
            )
        hours = self._hours_text(self.k.places[pid].hours, lang)
        fields = self._place_fields(pid, lang)
        reply = self.replies.say(
            "hours" if hours else "hours_unknown", lang, hours=hours, **fields
        )
        return DialogResult("hours", lang, reply, place_id=pid, confidence=0.9)

    def _documents(self, form: Form, pid: str | None) -> DialogResult:
        lang = form.lang
        service_id = self._match_names(form, self._service_names)
        services = self.k.services.services
        service = next((s for s in services if s.id == service_id), None)
        if service is None and pid:
            service = next((s for s in services if s.place == pid), None)
        if service is None:
            return DialogResult(
                "documents_needed",
                lang,
                self.replies.say("documents_which", lang),
                place_id=pid,
                confidence=0.6,
            )
        docs = self.replies.join([getattr(d, lang) for d in service.documents], lang)
        reply = self.replies.say(
            "documents_needed",
            lang,
            service=getattr(service.name, lang),
            documents=docs,
            **self._place_fields(service.place, lang),
        )
        return DialogResult(
            "documents_needed", lang, reply, place_id=service.place, confidence=0.9
        )

    def _tour_recommend(self, form: Form, minutes: int, today: dt.date) -> DialogResult:
        lang = form.lang
        interest = slots.interest(form, self.k.interests)
        named = self._match_names(form, self._course_names)
        courses = self.k.courses.courses
        if not courses:
            return DialogResult("tour_recommend", lang, self.replies.say("tour_none", lang))
        season = _SEASONS[today.month]
        if named:
            course, key = self.k.courses.get(named), "tour_recommend"
        else:
            in_season = [c for c in courses if season in c.seasons] or courses
            fitting = [c for c in in_season if not minutes or c.duration_min <= minutes]
            key = "tour_recommend" if fitting else "tour_recommend_short"
            pool = fitting or [min(in_season, key=lambda c: c.duration_min)]
            course = max(pool, key=lambda c: (interest in c.interests, c.duration_min))
        self._mem.offered_course = course.id
        result = self._course_reply(course.id, lang, key)
        result.time_available_min = minutes or None
        result.interest = interest or None
        return result

    def _course_reply(self, course_id: str, lang: str, key: str) -> DialogResult:
        course = self.k.courses.get(course_id)
        stops = [
            self.k.places[s.place].name.get(lang, s.place)
            for s in course.stops
            if s.place in self.k.places
        ]
        reply = self.replies.say(
            key,
            lang,
            duration=course.duration_min,
            stops=self.replies.join(stops, lang),
            **particles("course", getattr(course.name, lang)),
        )
        return DialogResult("tour_recommend", lang, reply, course_id=course.id, confidence=0.85)

    def _start_course(self, course_id: str, lang: str) -> DialogResult:
        # "네" after a recommendation: the visitor accepts the course; missions start the tour.
        result = self._tour_control("resume", lang)
        result.course_id = course_id
        return result

    def _tour_control(self, action: str, lang: str) -> DialogResult:
        reply = self.replies.say(f"tour_{action}", lang)
        return DialogResult("tour_control", lang, reply, action=action, confidence=0.85)

    def _floor(self, floor: str, lang: str) -> str:
        return floor_text(floor, lang, self.replies.strings)

    def _hours_text(self, hours: dict[str, str], lang: str) -> str:
        return hours_text(hours, lang, self.replies.strings)

    # -- memory and fallbacks ---------------------------------------------------------------

    def _remember(self, r: DialogResult) -> None:
        m = self._mem
        if r.place_id:
            m.place_id = r.place_id
        m.offered_escort = r.intent == "find_place" and bool(r.place_id)
        if r.intent != "tour_recommend":
            m.offered_course = None
        if not (r.intent == "find_place" and r.place_id is None and m.clarify):
            m.clarify = [] if r.place_id or r.intent != "find_place" else m.clarify

    def _site_say(self, key: str, lang: str) -> str:
        site_key = f"{key}_{self.site}"
        return self.replies.say(site_key if self.replies.has(site_key) else key, lang)

    def _unknown(self, lang: str) -> str:
        return (
            self._site_say("unknown", lang)
            if self.replies.has(f"unknown_{self.site}")
            else self.replies.say("unknown_city_hall", lang)
        )
