"""Text forms for matching: language detection, Hangul jamo, Kiwi morphemes, fuzzy cue search.

Korean is compared over jamo with spaces removed, so spacing errors ("화장실어디") and
one-letter typos or misrecognitions ("화장씰", "대려다") still match; English over words.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from jamo import h2j, j2hcj
from rapidfuzz import fuzz

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_LATIN = re.compile(r"[A-Za-z]")
_NOT_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")
# Case particles a name may end with in speech ("엘베로", "민원실에서"), longest first.
_PARTICLES = ("에서", "으로", "까지", "에게", "로", "에", "은", "는", "이", "가", "을", "를", "도")

_kiwi = None
_kiwi_lock = threading.Lock()


def kiwi():
    """The shared Kiwi analyser (loaded once, ~2 s; thread-safe start)."""
    global _kiwi
    with _kiwi_lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            _kiwi = Kiwi()
            _kiwi.tokenize("준비")  # the first call builds internal tables
    return _kiwi


def detect_lang(text: str) -> str:
    """'ko' when Hangul carries the utterance, else 'en' (mixed "ATM 어디예요" is Korean)."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    if hangul == 0:
        return "en"
    return "ko" if hangul * 2 >= latin else "en"


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = _NOT_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def jamo_compact(text: str) -> str:
    """Hangul decomposed to compatibility jamo, spaces removed: the Korean matching form."""
    return j2hcj(h2j(clean(text).replace(" ", "")))


@dataclass(frozen=True)
class Form:
    """One utterance prepared for matching."""

    raw: str
    lang: str
    jamo: str  # whole utterance, jamo, no spaces
    words: tuple[str, ...]  # English words, or Korean eojeol
    tokens: tuple[str, ...]  # Kiwi morpheme forms (Korean) or words (English)
    name_tokens: tuple[str, ...]  # tokens that may name a thing (not "안내" of "안내해")
    lemmas: str  # jamo of predicate stems + 다, e.g. "부르다 주다" (Korean only)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def analyse(text: str, lang: str | None = None) -> Form:
    cleaned = clean(text)
    lang = lang or detect_lang(cleaned)
    words = tuple(cleaned.split())
    tokens: tuple[str, ...] = words
    name_tokens: tuple[str, ...] = words
    lemmas = ""
    if _HANGUL.search(cleaned):
        morphs = kiwi().tokenize(cleaned)
        tokens = tuple(m.form for m in morphs) + words
        # A noun used as a verb ("안내해", "안내 해", "추천해") does not name a thing: leave it
        # out, also as a word of its own. A short name may carry a particle Kiwi did not split
        # ("엘베로"): the word without it counts too.
        verbal = {
            m.form
            for m, nxt in zip(morphs, [*morphs[1:], None], strict=True)
            if nxt is not None and nxt.tag == "XSV" and m.tag.startswith("NN")
        }
        bare = (_without_particle(w) for w in words)
        name_tokens = tuple(
            t for t in (*(m.form for m in morphs), *words, *bare) if t and t not in verbal
        )
        stems = [m.form + "다" for m in morphs if m.tag.startswith(("VV", "VA", "VX", "XSV"))]
        lemmas = jamo_compact(" ".join(stems))
    return Form(text, lang, jamo_compact(cleaned), words, tokens, name_tokens, lemmas)


def _without_particle(word: str) -> str:
    """The word without its (longest) trailing particle, "" when it has none (or nothing of
    two syllables would be left)."""
    for p in _PARTICLES:
        if word.endswith(p) and len(word) > len(p) + 1:
            return word[: -len(p)]
    return ""


def _allowed_edits(length: int, korean: bool) -> int:
    if korean:
        return 0 if length <= 6 else 1 if length <= 11 else 2
    return 0 if length <= 5 else 1 if length <= 11 else 2


@dataclass(frozen=True)
class Hit:
    score: float  # 0..100 similarity of the best alignment
    length: int  # length of the needle in matching units (jamo or characters)

    @property
    def strength(self) -> float:
        """Longer, closer matches are stronger evidence (used to rank competing entities)."""
        return self.score + 2.0 * min(self.length, 15)


def find(needle: str, form: Form, entity: bool = False) -> Hit | None:
    """Fuzzy-search one phrase (name, alias or cue) in an utterance; None when absent.

    entity: the needle names a thing (place, person), so a noun used as a verb does not count.
    """
    needle_clean = clean(needle)
    if not needle_clean:
        return None
    if _HANGUL.search(needle_clean):
        nj = jamo_compact(needle_clean)
        compact = needle_clean.replace(" ", "")
        # Short names (two syllables) and very short cues: only a whole morpheme or word counts.
        if (entity and len(compact) <= 2) or len(nj) <= 4:
            hit = compact in (form.name_tokens if entity else form.tokens)
            return Hit(100.0, len(nj)) if hit else None
        hit = _fuzzy(nj, form.jamo, korean=True)
        if hit is None and nj in form.lemmas:  # conjugated forms: "불러" -> stem "부르다"
            hit = Hit(100.0, len(nj))
        return hit
    if len(needle_clean) <= 3:  # "hi", "wc", "atm": whole words only
        return Hit(100.0, len(needle_clean)) if needle_clean in form.words else None
    hay = " " + " ".join(form.words) + " "
    return _fuzzy(" " + needle_clean + " ", hay, korean=False)


def _fuzzy(needle: str, hay: str, korean: bool) -> Hit | None:
    if not hay:
        return None
    length = len(needle.strip())
    if needle in hay:
        return Hit(100.0, length)
    edits = _allowed_edits(length, korean)
    if edits == 0 or len(hay) < len(needle) - edits:
        return None
    score = fuzz.partial_ratio(needle, hay)
    threshold = 100.0 * (1.0 - edits / max(length, 1)) - 0.01
    return Hit(score, length) if score >= threshold else None


def best(needles: list[str], form: Form, entity: bool = False) -> Hit | None:
    hits = [h for h in (find(n, form, entity) for n in needles) if h]
    return max(hits, key=lambda h: h.strength) if hits else None
