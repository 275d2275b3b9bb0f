"""Audio -> utterances: endpointing, streaming phrase recognition per language, the verdict.

Recognisers run while the visitor speaks, so at the end of speech only the final decode is
left. Language: "ko"/"en" when the screen says which one the visitor uses, "auto" to run both
and take the one that heard a phrase (the more sure one when both did).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

from concierge_speech.endpointing import Endpointer, Segment
from concierge_speech.recognizer import Assessment, Recognition, assess

VERDICT_RANK = {"sure": 2, "unsure": 1, "garbled": 0}


@dataclass
class Thresholds:
    """Score margins (best phrase over the best reading that means something else)."""

    sure_margin: float = 4.0
    unsure_margin: float = 1.0
    scale: float | None = None  # of the confidence sigmoid; None: from the unsure band

    def __post_init__(self) -> None:
        if self.scale is None:
            self.scale = max((self.sure_margin - self.unsure_margin) / 3.0, 0.5)


def params_thresholds(path: Path | None = None) -> dict[str, Thresholds]:
    """The per-language margins stt_node is launched with (launch/params/speech.yaml)."""
    import yaml
    from concierge_content.paths import repo_root

    path = path or repo_root() / "launch" / "params" / "speech.yaml"
    params = yaml.safe_load(path.read_text(encoding="utf-8"))["stt_node"]["ros__parameters"]
    langs = [key.removeprefix("sure_margin_") for key in params if key.startswith("sure_margin_")]
    return {lang: Thresholds(float(params[f"sure_margin_{lang}"]),
                             float(params[f"unsure_margin_{lang}"]))
            for lang in langs}  # fmt: skip


@dataclass
class Heard:
    text: str  # the content phrase taken ("" = nothing understood)
    lang: str
    confidence: float
    verdict: str  # sure | unsure | garbled
    rival: str = ""
    margin: float | None = None  # score gap behind the verdict (recognizer.assess)
    no_rival: bool = False  # ... a lower bound: no reading in the n-best meant anything else
    named: bool = False  # the best reading is about a place/person/course ...
    subject_margin: float | None = None  # ... by this much over one about something else
    alternatives: list[dict] = field(default_factory=list)
    start_s: float = 0.0  # audio time of speech start
    end_s: float = 0.0  # audio time of the last speech frame
    detected_s: float = 0.0  # audio time when the end was decided
    decode_ms: float = 0.0  # wall time from end decision to the verdict
    decode_cpu_ms: float = 0.0  # the same in process CPU time (unaffected by other load)


def dialog_meaning(site: str, knowledge=None) -> Callable[[str, str], Hashable | None]:
    """meaning(text, lang): what the dialog would do with a reading (None = nothing)."""
    from concierge_dialog.engine import DialogEngine

    engine = DialogEngine(site, knowledge)
    cache: dict[tuple[str, str], Hashable | None] = {}

    def meaning(text: str, lang: str) -> Hashable | None:
        if (text, lang) not in cache:
            engine.reset()
            r = engine.handle(text, lang=lang)
            cache[(text, lang)] = None if r.intent == "unknown" else (
                r.intent, r.place_id, r.staff_id, r.course_id, r.action)  # fmt: skip
        return cache[(text, lang)]

    return meaning


def meaning_subject(key: Hashable) -> Hashable | None:
    """What a dialog_meaning() is about: its place, person or course (None: nothing named)."""
    about = tuple(key[1:4])  # (intent, place_id, staff_id, course_id, action)
    return about if any(about) else None


class Listener:
    """Feed 16 kHz int16 PCM; returns events ("start", t), ("partial", text), ("final", Heard)."""

    def __init__(self, recognizers: dict, meaning: Callable[[str, str], Hashable | None],
                 lang_mode: str = "auto", thresholds: dict[str, Thresholds] | None = None,
                 **endpointer_args):  # fmt: skip
        if lang_mode not in ("auto", *recognizers):
            raise ValueError(f"lang_mode {lang_mode!r}: use auto or one of {list(recognizers)}")
        self.recognizers = recognizers
        self.meaning = meaning
        self.lang_mode = lang_mode
        self.thresholds = thresholds or {}
        self.endpointer = Endpointer(**endpointer_args)
        self._sessions: dict | None = None
        self._fed = False
        self._last_partial = ""

    def set_language(self, lang_mode: str) -> None:
        """The screen's language changed (or "auto"); applies from the next utterance."""
        if lang_mode not in ("auto", *self.recognizers):
            raise ValueError(f"unknown language {lang_mode!r}")
        self.lang_mode = lang_mode

    def _langs(self) -> list[str]:
        return list(self.recognizers) if self.lang_mode == "auto" else [self.lang_mode]

    def feed(self, pcm: bytes) -> list[tuple[str, object]]:
        out: list[tuple[str, object]] = []
        for kind, value in self.endpointer.feed(pcm):
            if kind == "start":
                out.append(("start", value))
                self._sessions, self._fed = None, False
            elif kind == "end":
                out.append(("final", self._finish(value)))
        partial = ""
        seg = self.endpointer._seg
        if seg is not None:
            if self._sessions is None:
                self._sessions = {lang: self.recognizers[lang].session() for lang in self._langs()}
            # The first chunk of an utterance brings its pre-roll (speech before "start").
            partial = self._accept(pcm if self._fed else bytes(seg.pcm))
            self._fed = True
        if partial and partial != self._last_partial:
            self._last_partial = partial
            out.append(("partial", partial))
        return out

    def _accept(self, pcm: bytes) -> str:
        texts = [s.accept(pcm) for s in self._sessions.values()] if pcm else []
        return next((t for t in texts if t), "")

    def flush(self) -> list[tuple[str, object]]:
        return [("final", self._finish(seg)) for _, seg in self.endpointer.flush()]

    def _finish(self, seg: Segment) -> Heard:
        t0, c0 = time.perf_counter(), time.process_time()
        sessions = self._sessions if self._fed else None
        if sessions is None:  # speech ended in the chunk it started in
            sessions = {lang: self.recognizers[lang].session() for lang in self._langs()}
            for s in sessions.values():
                s.accept(bytes(seg.pcm))
        self._sessions, self._fed, self._last_partial = None, False, ""
        results: list[tuple[Assessment, Recognition]] = []
        for lang, session in sessions.items():
            rec = session.finish()
            th = self.thresholds.get(lang, Thresholds())
            verdict = assess(rec, lambda t, lang=lang: self.meaning(t, lang), th.sure_margin,
                             th.unsure_margin, th.scale, subject=meaning_subject)  # fmt: skip
            results.append((verdict, rec))
        verdict, rec = max(results, key=lambda vr: (VERDICT_RANK[vr[0].verdict],
                                                    vr[0].confidence))  # fmt: skip
        return Heard(
            text=verdict.text,
            lang=rec.lang,
            confidence=verdict.confidence,
            verdict=verdict.verdict,
            rival=verdict.rival,
            margin=verdict.margin,
            no_rival=verdict.no_rival,
            named=verdict.named,
            subject_margin=verdict.subject_margin,
            alternatives=[
                {"lang": r.lang, **h.as_dict()} for _, r in results for h in r.nbest
            ],  # fmt: skip
            start_s=seg.start_s,
            end_s=seg.end_s,
            detected_s=seg.detected_s,
            decode_ms=(time.perf_counter() - t0) * 1000.0,
            decode_cpu_ms=(time.process_time() - c0) * 1000.0,
        )


def load_recognizers(site: str, knowledge, langs: tuple[str, ...] = ("ko", "en"),
                     verify: bool = True, **korean_args) -> dict:  # fmt: skip
    """The site's recognisers, one per language (Korean: vosk phrase graph, English:
    pocketsphinx grammar)."""
    from concierge_speech.phrases import site_phrases
    from concierge_speech.recognizer import EnglishRecognizer, KoreanRecognizer

    out: dict = {}
    if "ko" in langs:
        out["ko"] = KoreanRecognizer(site_phrases(site, "ko", knowledge), verify=verify,
                                     **korean_args)  # fmt: skip
    if "en" in langs:
        out["en"] = EnglishRecognizer(knowledge)
    return out
