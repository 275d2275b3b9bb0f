"""Acting only on what was heard clearly: the confirmation step in front of the dialog engine.

The recogniser says how sure it is (sure | unsure | garbled). Garbled speech gets a clear
"didn't catch that"; an unsure reading that would make the robot do something is not acted on
but asked back once ("여권민원실로 안내할까요?") with touch choices; "yes" (voice or touch)
then returns the held result, which is when the robot acts; "no" asks again with choices.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from concierge_dialog.engine import DialogEngine, DialogResult
from concierge_dialog.replies import particles
from concierge_dialog.text import analyse, best

# Intents whose result makes the robot do or say something specific: confirm these first.
CONFIRMED = ("escort", "call_staff", "find_place", "hours", "documents_needed", "find_staff",
             "tour_recommend", "tour_control")  # fmt: skip


class ConfirmingDialog:
    """DialogEngine plus the confirmation step; `handle()` takes the recogniser's verdict."""

    def __init__(self, engine: DialogEngine):
        self.engine = engine
        self.pending: DialogResult | None = None
        self._alternative: DialogResult | None = None

    def reset(self) -> None:
        self.engine.reset()
        self.pending = self._alternative = None

    def handle(self, text: str, lang: str | None = None, certainty: str = "sure",
               rival: str = "", now: float | None = None,
               today: dt.date | None = None) -> DialogResult:  # fmt: skip
        lang = lang or (self.pending.lang if self.pending else None)
        if certainty == "garbled" or not (text or "").strip():
            return self._not_heard(lang or "ko")
        if self.pending is not None:
            answer = self.yes_no(text, lang)
            held, other = self.pending, self._alternative
            self.pending = self._alternative = None
            if answer == "yes":
                return replace(held, confidence=max(held.confidence, 0.9))
            if answer == "no":
                return self._ask_again(held, other, lang or held.lang)
        result = self.engine.handle(text, lang=lang, now=now, today=today)
        if certainty == "unsure" and result.intent in CONFIRMED:
            alternative = None
            if rival:
                alt = self.engine.peek(rival, lang=result.lang, today=today)
                if alt.intent != "unknown" and alt.place_id != result.place_id:
                    alternative = alt
            return self._confirm(result, alternative)
        return result

    def yes_no(self, text: str, lang: str | None) -> str | None:
        form = analyse(text, lang)
        patterns = self.engine.k.patterns
        no = best(list(patterns.deny.ko) + list(patterns.deny.en), form)
        yes = best(list(patterns.affirm.ko) + list(patterns.affirm.en), form)
        if no and not (yes and yes.strength > no.strength):
            return "no"
        return "yes" if yes else None

    # -- replies -------------------------------------------------------------------------

    def _not_heard(self, lang: str) -> DialogResult:
        r = DialogResult("unknown", lang, self.engine.replies.say("not_heard", lang))
        r.choices = self._place_choices([], lang)
        return r

    def _confirm(self, result: DialogResult, alternative: DialogResult | None) -> DialogResult:
        say, lang = self.engine.replies.say, result.lang
        fields = self._fields(result, lang)
        key = f"confirm_{result.intent}"
        try:  # the intent's own question needs its place or person; else repeat the words
            question = say(key if self.engine.replies.has(key) else "confirm_other", lang,
                           text=result.utterance, **fields)  # fmt: skip
        except KeyError:
            question = say("confirm_other", lang, text=result.utterance)
        self.pending, self._alternative = result, alternative
        choices = [(say("choice_yes", lang), say("choice_yes", lang))]
        if alternative is not None and alternative.place_id:
            choices += self._place_choices([alternative.place_id], lang, limit=1)
        choices.append((say("choice_no", lang), say("choice_no", lang)))
        out = DialogResult("confirm", lang, question, place_id=result.place_id,
                           staff_id=result.staff_id, confidence=result.confidence,
                           utterance=result.utterance)  # fmt: skip
        out.confirm, out.choices = True, choices
        return out

    def _ask_again(self, held: DialogResult, other: DialogResult | None,
                   lang: str) -> DialogResult:  # fmt: skip
        self.engine.forget_place()
        r = DialogResult("unknown", lang, self.engine.replies.say("confirm_denied", lang))
        first = [p for p in ((other.place_id if other else None), held.place_id) if p]
        r.choices = self._place_choices(first, lang)
        return r

    def _fields(self, result: DialogResult, lang: str) -> dict[str, str]:
        k = self.engine.k
        fields: dict[str, str] = {}
        if result.place_id and result.place_id in k.places:
            place = k.places[result.place_id]
            fields.update(particles("place", place.name.get(lang) or place.name["ko"]))
        if result.staff_id:
            member = k.staff.get(result.staff_id)
            fields["staff"] = getattr(member.name, lang)
        return fields

    def _place_choices(self, first: list[str], lang: str, limit: int = 4) -> list[tuple]:
        """(label, utterance) touch choices: these places first, then the site's others."""
        k = self.engine.k
        ids = list(dict.fromkeys([*first, *k.places]))
        ids = [p for p in ids if p in k.places and not k.places[p].id.endswith("dock")]
        out = []
        for pid in ids[:limit]:
            name = k.places[pid].name.get(lang) or k.places[pid].name["ko"]
            out.append((name, self.engine.replies.say("touch_escort", lang,
                                                      **particles("place", name))))  # fmt: skip
        return out
