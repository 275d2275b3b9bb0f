"""Recognition constrained to what the robot understands: whole phrases from content/.

Korean: vosk with a phrase graph (phrase_graph.py) in place of its n-gram, so the decoder can
only output a whole content phrase, or filler syllables for speech that is none of them.
English: pocketsphinx en-us with a JSGF grammar of the English phrases (pocketsphinx decodes
grammars as whole sentences natively) plus a filler-word way out.
Korean returns an n-best list; how sure the robot may be is decided in `assess()` from the gap
between the best reading and the best one that means something else. English returns its one
best reading unscored (see EnglishRecognizer), so the robot confirms it before acting.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from concierge_speech import phrase_graph, phrases
from concierge_speech.models import korean_model_dir, verify_model

SAMPLE_RATE = 16000


@dataclass
class Hypothesis:
    text: str  # the content phrase ("" for filler-only speech)
    score: float  # decoder score, higher is better (comparable within one utterance only)
    heard: str  # the decoder's words

    def as_dict(self) -> dict:
        return {"text": self.text, "score": round(self.score, 2), "heard": self.heard}


@dataclass
class Recognition:
    lang: str
    nbest: list[Hypothesis] = field(default_factory=list)
    audio_s: float = 0.0
    scored: bool = True  # False: one reading with no score to doubt it by (English)

    @property
    def best(self) -> Hypothesis:
        return self.nbest[0] if self.nbest else Hypothesis("", 0.0, "")


@dataclass
class Assessment:
    text: str  # what the robot takes the visitor to have said ("" = not understood)
    confidence: float  # 0..1
    verdict: str  # sure | unsure | garbled
    rival: str = ""  # the best reading that means something else (for a confirmation)
    margin: float | None = None  # best score over that rival's (None: not known)
    no_rival: bool = False  # no reading meant anything else: margin is a lower bound
    # When a rival exists: whether the best reading is about something (a place, a person)
    # and its score over the best reading about something else (None: all are about it).
    named: bool = False
    subject_margin: float | None = None


Meaning = Callable[[str], Hashable | None]  # reading -> what the dialog would do (None: nothing)
Subject = Callable[[Hashable], Hashable | None]  # that -> what it is about (None: nothing named)


def assess(rec: Recognition, meaning: Meaning, sure_margin: float, unsure_margin: float,
           scale: float, subject: Subject | None = None) -> Assessment:  # fmt: skip
    """Sure when the best phrase beats every reading that means something else (another
    intent or place, or no phrase) by sure_margin; unsure down to unsure_margin; else garbled.
    When no reading in the n-best means anything else, the gap to the last one is a lower
    bound of the margin: sure if that clears sure_margin, else unsure.

    meaning(text) -> what the dialog would do with it (None = nothing); subject(meaning) ->
    what it is about (a place, a person; None = nothing in particular). A close rival that is
    about the same thing ("where is the elevator" against "take me to the elevator") leaves
    no doubt what the visitor talks about, only what to do: asked back, not "didn't catch
    that", unless a reading about something else comes within unsure_margin.
    """
    best = rec.best
    key = meaning(best.text) if best.text else None
    if key is None:
        return Assessment("", 0.0, "garbled")
    if not rec.scored:  # a phrase, but nothing says how sure: ask before acting on it
        # The share of what was heard that the phrase accounts for ("we we coffee you do oh"
        # heard in Korean speech is mostly filler) ranks it against the other language.
        heard = (best.heard or best.text).split()
        coverage = len(best.text.split()) / max(len(heard), 1)
        return Assessment(best.text, 0.5 * min(coverage, 1.0), "unsure")
    rival_score, rival_text = None, ""
    for h in rec.nbest[1:]:
        if (meaning(h.text) if h.text else None) != key:
            rival_score, rival_text = h.score, h.text
            break
    if rival_score is None:
        # Every reading in the n-best means the same: the real rival scored below the last one
        # kept, so the gap to the last is a lower bound of the margin. Sure when even that
        # clears sure_margin; else asked back (never "didn't catch that": all readings agree).
        tail = best.score - rec.nbest[-1].score if len(rec.nbest) > 1 else None
        gap = tail if tail is not None else 0.0
        confidence = _sigmoid(gap, unsure_margin, scale)
        verdict = margin_verdict(tail, True, False, None, sure_margin, unsure_margin)
        return Assessment(best.text, confidence, verdict, "", tail, no_rival=True)
    margin = best.score - rival_score
    confidence = _sigmoid(margin, unsure_margin, scale)
    named, about = subject_margin(rec, meaning, subject, key)
    verdict = margin_verdict(margin, False, named, about, sure_margin, unsure_margin)
    return Assessment(best.text, confidence, verdict, rival_text, margin, False, named, about)


def margin_verdict(margin: float | None, no_rival: bool, named: bool,
                   subject_margin: float | None, sure: float, unsure: float) -> str:  # fmt: skip
    """The verdict from assess()'s figures at these margins (bench/speech_calibrate.py)."""
    if no_rival:  # a lower bound (None: one reading): never garbled, all readings agree
        return "sure" if margin is not None and margin >= sure else "unsure"
    if margin >= sure:
        return "sure"
    if margin >= unsure or (named and (subject_margin is None or subject_margin >= unsure)):
        return "unsure"
    return "garbled"


def subject_margin(rec: Recognition, meaning: Meaning, subject: Subject | None,
                   key: Hashable) -> tuple[bool, float | None]:  # fmt: skip
    """(whether the best reading names something, its score over the best reading about
    something else; None when every reading in the n-best is about the same)."""
    about = subject(key) if subject else None
    if about is None:
        return False, None
    for h in rec.nbest[1:]:
        other = meaning(h.text) if h.text else None
        if other is None or subject(other) != about:
            return True, rec.best.score - h.score
    return True, None


def _sigmoid(margin: float, unsure_margin: float, scale: float) -> float:
    return 1.0 / (1.0 + math.exp(-(margin - unsure_margin) / max(scale, 1e-6)))


@lru_cache(maxsize=4)
def content_syllables(root: Path | None = None) -> tuple[str, ...]:
    """Every Hangul syllable written anywhere in content/: the filler words of Korean gaps
    and of the not-understood loop (speech in the lobby uses these sounds)."""
    from concierge_content.paths import content_root

    found: set[str] = set()
    for path in (root or content_root()).rglob("*.yaml"):
        found.update(re.findall(r"[\uac00-\ud7a3]", path.read_text(encoding="utf-8")))
    return tuple(sorted(found))


class KoreanRecognizer:
    """vosk Korean model over the site's phrase graph (loaded once, shared by sessions)."""

    lang = "ko"

    def __init__(self, site_phrases: dict[str, str] | list[str], model_dir: Path | None = None,
                 verify: bool = True, gap_cost: float = 20.0, garbage_cost: float = 14.0,
                 alternatives: int = 8):  # fmt: skip
        import vosk

        vosk.SetLogLevel(-1)
        self.model_dir = model_dir or korean_model_dir()
        if verify:
            verify_model(self.model_dir)
        self.phrases = list(site_phrases)
        self.graph = phrase_graph.build(self.phrases, self.model_dir, list(content_syllables()),
                                        gap_cost, garbage_cost)  # fmt: skip
        self.model = vosk.Model(str(self.graph.model_dir))
        self.alternatives = alternatives
        self._rec = None

    def session(self) -> KoreanSession:
        """A new utterance; sessions reuse one vosk recogniser, so one at a time."""
        import vosk

        if self._rec is None:
            self._rec = vosk.KaldiRecognizer(self.model, SAMPLE_RATE)
            self._rec.SetMaxAlternatives(self.alternatives)
        return KoreanSession(self, self._rec)


class KoreanSession:
    def __init__(self, owner: KoreanRecognizer, rec):
        self._owner, self._rec = owner, rec
        rec.Reset()
        self._lock = threading.Lock()
        self._seconds = 0.0
        self._done: list[dict] = []  # results vosk finalised inside this utterance

    def accept(self, pcm: bytes) -> str:
        """Feed 16 kHz int16 PCM; returns the partial phrase for live display."""
        with self._lock:
            self._seconds += len(pcm) / 2 / SAMPLE_RATE
            if self._rec.AcceptWaveform(pcm):
                self._done.append(json.loads(self._rec.Result()))
                return ""
            partial = json.loads(self._rec.PartialResult()).get("partial", "")
            return self._owner.graph.parse(partial) or ""

    def finish(self) -> Recognition:
        with self._lock:
            results = [*self._done, json.loads(self._rec.FinalResult())]
        # vosk may cut one utterance in two at a pause; the longest part carries it.
        alts = max((r.get("alternatives", []) for r in results), key=_words, default=[])
        nbest = [Hypothesis(self._owner.graph.parse(a.get("text", "")) or "",
                            float(a.get("confidence", 0.0)), a.get("text", ""))
                 for a in alts if a.get("text")]  # fmt: skip
        return Recognition("ko", nbest, self._seconds)


def _words(alts: list[dict]) -> int:
    return len(alts[0].get("text", "").split()) if alts else 0


class EnglishRecognizer:
    """pocketsphinx en-us (the model ships in its wheel) over a JSGF grammar written from the
    same templates: slots become rules, so the grammar stays small and decoding fast."""

    lang = "en"
    FILLERS = ("uh", "um", "and", "so", "oh", "well", "hmm", "yeah", "what", "it", "you", "we",
               "this", "that", "go", "do", "but", "like", "know", "right", "then")  # fmt: skip

    # Narrower beams than the defaults: a grammar needs far fewer active paths than a
    # language model. No second (flat) pass and no lattice: on noisy speech the filler loop
    # makes the lattice huge, and building it (best path or n-best) cost 1-10 s after the end
    # of speech on 2 cores, while its n-best held almost never a second meaning (one reading in
    # different segmentations). Without them the result is ready at the end of speech.
    SEARCH = {"beam": 1e-30, "wbeam": 1e-20, "pbeam": 1e-30, "maxhmmpf": 3000,
              "fwdflat": False, "bestpath": False}  # fmt: skip

    def __init__(self, knowledge, garbage_weight: float = 1e-12, **search):
        from pocketsphinx import Decoder

        self.decoder = Decoder(samprate=SAMPLE_RATE, lm=None, loglevel="FATAL",
                               **(self.SEARCH | search))  # fmt: skip
        for word, phones in phrases.lexicon().items():
            if self.decoder.lookup_word(word) is None:
                self.decoder.add_word(word, phones, True)
        known = self.decoder.lookup_word
        jsgf, self.dropped = phrases.jsgf(knowledge, "en", lambda w: known(w) is not None,
                                          self.FILLERS, garbage_weight)  # fmt: skip
        self.decoder.add_jsgf_string("robot", jsgf)
        self.decoder.activate_search("robot")
        self._fillers = set(self.FILLERS)

    def session(self) -> EnglishSession:
        return EnglishSession(self)

    def parse(self, text: str) -> str:
        """The phrase without the filler words around it, "" for filler-only speech."""
        words = text.split()
        while words and words[0] in self._fillers:
            words.pop(0)
        while words and words[-1] in self._fillers:
            words.pop()
        return " ".join(words)


class EnglishSession:
    def __init__(self, owner: EnglishRecognizer):
        self._owner = owner
        self._d = owner.decoder
        self._d.start_utt()
        self._lock = threading.Lock()
        self._seconds = 0.0

    def accept(self, pcm: bytes) -> str:
        with self._lock:
            self._seconds += len(pcm) / 2 / SAMPLE_RATE
            self._d.process_raw(pcm, False, False)
            hyp = self._d.hyp()
            return self._owner.parse(hyp.hypstr) if hyp else ""

    def finish(self) -> Recognition:
        with self._lock:
            self._d.end_utt()
            hyp = self._d.hyp()
        if hyp is None or not hyp.hypstr.strip():
            return Recognition("en", [], self._seconds, scored=False)
        text = " ".join(hyp.hypstr.split())
        best = Hypothesis(self._owner.parse(text), 0.0, text)
        return Recognition("en", [best], self._seconds, scored=False)
