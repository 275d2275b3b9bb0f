"""Korean recognition with vosk: a grammar pass over phrases from content/ and a free pass.

Free recognition of synthetic or noisy Korean is weak, so a second recogniser constrained to
the words of place, staff, course and cue phrases runs on the same audio; `finish()` returns
both hypotheses with their confidences and the caller picks (see pick_hypothesis).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from concierge_content.paths import var_root
from concierge_dialog.text import jamo_compact

from concierge_speech.models import korean_model_dir, verify_model, vocabulary

SAMPLE_RATE = 16000
FILLERS = ["네", "아니요", "안녕하세요", "감사합니다"]


@dataclass
class Hypothesis:
    text: str
    confidence: float  # mean word confidence 0..1 (0 when nothing was heard)
    source: str  # grammar | free

    def as_dict(self) -> dict:
        return {"text": self.text, "confidence": round(self.confidence, 3), "pass": self.source}


def site_phrases(site: str, knowledge=None) -> list[str]:
    """Korean phrases for the grammar pass: content/dialog/asr_phrases.yaml filled with the
    site's place, staff, service and course names from content/."""
    from concierge_content.paths import content_root
    from concierge_content.yamlio import load_yaml
    from concierge_dialog.knowledge import load_site

    k = knowledge or load_site(site)
    spec = load_yaml(content_root() / "dialog" / "asr_phrases.yaml").data
    names: dict[str, list[str]] = {
        "place": [
            n for p in k.places.values() for n in [p.name.get("ko", ""), *p.aliases.get("ko", [])]
        ],
        "staff": [s.name.ko for s in k.staff.staff],
        "service": [n for s in k.services.services for n in [s.name.ko, *s.aliases.ko]],
        "course": [n for c in k.courses.courses for n in [c.name.ko, *c.aliases.ko]],
    }
    out: list[str] = list(spec.get("plain", []))
    for kind, templates in (spec.get("templates") or {}).items():
        for name in names.get(kind, []):
            if name and any("\uac00" <= ch <= "\ud7a3" for ch in name):
                out += [t.replace("{" + kind + "}", name) for t in templates]
    return [p for p in dict.fromkeys(x.strip() for x in out) if p]


def _segment(word: str, vocab: set[str]) -> list[str]:
    """Split a word the model does not know into known pieces (greedy longest prefix)."""
    if word in vocab:
        return [word]
    pieces, i = [], 0
    while i < len(word):
        for j in range(len(word), i, -1):
            if word[i:j] in vocab:
                pieces.append(word[i:j])
                i = j
                break
        else:
            return []
    return pieces


def build_grammar(phrases: list[str], model_dir: Path) -> list[str]:
    """Phrases rewritten in the model's words (cached per phrase list and model)."""
    fst = model_dir / "graph" / "Gr.fst"
    key = hashlib.sha256(
        json.dumps([str(fst), fst.stat().st_size, fst.stat().st_mtime_ns, phrases]).encode()
    ).hexdigest()[:16]
    cache = var_root() / "speech" / f"grammar-{key}.json"
    if cache.is_file():
        return json.loads(cache.read_text(encoding="utf-8"))
    vocab = vocabulary(model_dir)
    grammar: list[str] = []
    for phrase in phrases:
        pieces = [_segment(part, vocab) for part in phrase.split()]
        if pieces and all(pieces):
            grammar.append(" ".join(w for p in pieces for w in p))
    grammar = list(dict.fromkeys(grammar))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(grammar, ensure_ascii=False), encoding="utf-8")
    return grammar


class KoreanRecognizer:
    """The vosk Korean model, loaded once (~2.5 s) and shared by all sessions."""

    def __init__(self, phrases: list[str] | None = None, model_dir: Path | None = None,
                 verify: bool = True, free_pass: bool = True):  # fmt: skip
        import vosk

        vosk.SetLogLevel(-1)
        self.model_dir = model_dir or korean_model_dir()
        if verify:
            verify_model(self.model_dir)
        self.model = vosk.Model(str(self.model_dir))
        self.phrases = list(phrases or FILLERS)
        self.grammar = build_grammar(self.phrases, self.model_dir)
        self._phrase_jamo = [jamo_compact(p) for p in self.phrases]
        self.free_pass = free_pass
        self._grammar_json = json.dumps(self.grammar, ensure_ascii=False)
        self._recs = None
        self.recognisers()

    def session(self) -> RecognitionSession:
        """A new utterance. Sessions reuse the same two vosk recognisers (building the free one
        costs ~0.3 s), so use one session at a time per KoreanRecognizer."""
        return RecognitionSession(self)

    def recognisers(self):
        import vosk

        if self._recs is None:
            grammar = vosk.KaldiRecognizer(self.model, SAMPLE_RATE, self._grammar_json)
            grammar.SetWords(True)
            free = None
            if self.free_pass:
                free = vosk.KaldiRecognizer(self.model, SAMPLE_RATE)
                free.SetWords(True)
            self._recs = (grammar, free)
        return self._recs

    def nearest_phrase(self, text: str, min_similarity: float = 55.0) -> tuple[str, float]:
        """The grammar phrase closest to a recognised word sequence, compared over jamo.

        The grammar pass only constrains words, not their order or count; snapping to the
        nearest whole phrase turns "과 젖 시 어디 예요" back into "화장실 어디 예요".
        """
        from rapidfuzz import fuzz, process

        target = jamo_compact(text)
        if not target or not self._phrase_jamo:
            return "", 0.0
        _, score, index = process.extractOne(target, self._phrase_jamo, scorer=fuzz.ratio)
        return (self.phrases[index], score) if score >= min_similarity else ("", score)


class RecognitionSession:
    """One utterance: feed 16 kHz int16 PCM, read partials, then finish()."""

    def __init__(self, rec: KoreanRecognizer):
        self._grammar, self._free = rec.recognisers()
        self._grammar.Reset()
        if self._free is not None:
            self._free.Reset()
        self._rec = rec
        self._lock = threading.Lock()
        self._seconds = 0.0
        self._segments: list[str] = []  # texts vosk already finalised inside this utterance

    @property
    def audio_s(self) -> float:
        return self._seconds

    def accept(self, pcm: bytes) -> str:
        """Feed audio; returns the current partial text (grammar pass) for live display."""
        with self._lock:
            self._seconds += len(pcm) / 2 / SAMPLE_RATE
            if self._free is not None:
                self._free.AcceptWaveform(pcm)
            if self._grammar.AcceptWaveform(pcm):
                self._segments.append(json.loads(self._grammar.Result()).get("text", ""))
                partial = ""
            else:
                partial = json.loads(self._grammar.PartialResult()).get("partial", "")
            return " ".join(x for x in (*self._segments, partial) if x)

    def finish(self) -> list[Hypothesis]:
        with self._lock:
            earlier = " ".join(x for x in self._segments if x)
            grammar = _hypothesis(self._grammar.FinalResult(), "grammar", earlier)
            out = [grammar]
            phrase, similarity = self._rec.nearest_phrase(grammar.text)
            if phrase:
                out.insert(
                    0, Hypothesis(phrase, grammar.confidence * similarity / 100.0, "phrase")
                )
            if self._free is not None:
                out.append(_hypothesis(self._free.FinalResult(), "free", ""))
        return out


def _hypothesis(raw: str, source: str, earlier: str) -> Hypothesis:
    data = json.loads(raw)
    words = data.get("result", [])
    text = " ".join(x for x in (earlier, data.get("text", "")) if x).strip()
    conf = sum(w.get("conf", 0.0) for w in words) / len(words) if words else 0.0
    if earlier and not words:
        conf = 0.5
    return Hypothesis(text, conf if text else 0.0, source)


def pick_hypothesis(hyps: list[Hypothesis], understands) -> Hypothesis:
    """Prefer a hypothesis the dialog understands, then the more confident one.

    understands(text) -> float in 0..1 (how well the dialog engine matched it).
    """
    heard = [h for h in hyps if h.text]
    if not heard:
        return Hypothesis("", 0.0, "none")

    rank = {"phrase": 2, "grammar": 1, "free": 0}

    def key(h: Hypothesis) -> tuple:
        # Understood first; then the whole-phrase reading of the grammar pass (its words are
        # constrained but their order is not); the free pass only when nothing else is understood.
        score = understands(h.text)
        return (score > 0, rank.get(h.source, 0) + 2.0 * h.confidence * (1.0 + score) / 2.0)

    return max(heard, key=key)
