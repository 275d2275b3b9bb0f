"""The phrases a site's recognisers accept, from content/dialog/asr_phrases.yaml + content/.

Templates use (a|b) for one of, [a|b] for optional and ~ for a short gap of any syllables;
slots ({place}, {staff}, {work}, {service}, {course}) are filled with the site's names in the
language asked for. The dialog's own cues (greeting, goodbye, yes/no, tour actions) are added
as phrases, so the recogniser can hear every short answer the dialog understands.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from concierge_content.paths import content_root
from concierge_content.yamlio import load_yaml

GAP = "~"
_TOKEN = re.compile(r"\(|\)|\[|\]|\||[^()\[\]|]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def expand(template: str) -> list[str]:
    """All word sequences of a template ('(a|b) c [d]' -> 'a c', 'a c d', 'b c', 'b c d')."""
    tokens = _TOKEN.findall(template)
    pos = 0

    def seq() -> list[str]:
        nonlocal pos
        out = [""]
        while pos < len(tokens) and tokens[pos] not in (")", "]", "|"):
            tok = tokens[pos]
            pos += 1
            if tok in ("(", "["):
                close = ")" if tok == "(" else "]"
                options = alternatives(close)
                if tok == "[":
                    options = ["", *options]
                out = [f"{a} {b}" for a in out for b in options]
            else:
                out = [f"{a} {tok}" for a in out]
        return out

    def alternatives(close: str) -> list[str]:
        nonlocal pos
        options = seq()
        while pos < len(tokens) and tokens[pos] == "|":
            pos += 1
            options += seq()
        if pos >= len(tokens) or tokens[pos] != close:
            raise ValueError(f"unbalanced template: {template!r}")
        pos += 1
        return options

    result = seq()
    if pos != len(tokens):
        raise ValueError(f"unbalanced template: {template!r}")
    return [" ".join(r.split()) for r in result if r.split()]


def slot_names(knowledge, lang: str) -> dict[str, list[str]]:
    """Names that fill each slot at a site, in one language."""
    k = knowledge

    def pick(values: list[str]) -> list[str]:
        out = [v.strip().lower() if lang == "en" else v.strip() for v in values if v]
        if lang == "ko":
            out = [v for v in out if _HANGUL.search(v)]
        return list(dict.fromkeys(v for v in out if v))

    places = [n for p in k.places.values()
              for n in [p.name.get(lang, ""), *p.aliases.get(lang, [])]]  # fmt: skip
    staff, work = [], []
    for s in k.staff.staff:
        staff.append(getattr(s.name, lang))
        work += [getattr(s.department, lang), getattr(s.duty, lang), *getattr(s.keywords, lang)]
    services = [n for s in k.services.services
                for n in [getattr(s.name, lang), *getattr(s.aliases, lang)]]  # fmt: skip
    courses = [n for c in k.courses.courses
               for n in [getattr(c.name, lang), *getattr(c.aliases, lang)]]  # fmt: skip
    return {"place": pick(places), "staff": pick(staff), "work": pick(work + services),
            "service": pick(services), "course": pick(courses)}  # fmt: skip


def serves(knowledge, intent: str) -> bool:
    """Whether the site offers what an intent asks for (no tours at city hall, no staff to
    call at the arboretum): phrases for the rest are not listened for."""
    k = knowledge
    if intent.startswith("tour_"):
        return k.has_tours
    if intent in ("call_staff", "find_staff"):
        return bool(k.staff.staff)
    if intent == "documents_needed":
        return bool(k.services.services)
    return True


def _fill(phrase: str, names: dict[str, list[str]]) -> list[str]:
    slots = re.findall(r"\{(\w+)\}", phrase)
    if not slots:
        return [phrase]
    slot = slots[0]
    return [p for n in names.get(slot, []) for p in _fill(phrase.replace("{" + slot + "}", n, 1),
                                                           names)]  # fmt: skip


@lru_cache(maxsize=8)
def _spec(path: Path, mtime_ns: int) -> dict:
    return load_yaml(path).data


def spec(root: Path | None = None) -> dict:
    path = (root or content_root()) / "dialog" / "asr_phrases.yaml"
    return _spec(path, path.stat().st_mtime_ns)


def site_phrases(site: str, lang: str = "ko", knowledge=None) -> dict[str, str]:
    """phrase -> the intent it was written for, for one site and language."""
    from concierge_dialog.knowledge import load_site

    k = knowledge or load_site(site)
    names = slot_names(k, lang)
    out: dict[str, str] = {}
    for intent, templates in (spec().get(lang) or {}).items():
        if not serves(k, intent):
            continue
        for template in templates:
            for phrase in expand(template):
                for filled in _fill(phrase, names):
                    out.setdefault(filled, intent)
    p = k.patterns
    cue_lists = {"greeting": p.intents["greeting"], "goodbye": p.intents["goodbye"],
                 "affirm": p.affirm, "deny": p.deny}  # fmt: skip
    if k.has_tours:
        cue_lists.update({f"tour_{a}": c for a, c in p.tour_actions.items()})
    for intent, cues in cue_lists.items():
        for cue in getattr(cues, lang):
            out.setdefault(cue.lower() if lang == "en" else cue, intent)
    return out


def jsgf(knowledge, lang: str, known: Callable[[str], bool], fillers: tuple[str, ...],
         garbage_weight: float) -> tuple[str, list[str]]:  # fmt: skip
    """A JSGF grammar of a site's templates and cues (slots as rules) for pocketsphinx, and the
    templates or names left out because a word is not in the recogniser's dictionary."""
    k = knowledge
    names = slot_names(k, lang)
    dropped: list[str] = []
    rules: dict[str, list[str]] = {}
    for slot, values in names.items():
        ok = []
        for v in values:
            words = _words(v)
            (ok if words and all(map(known, words)) else dropped).append(" ".join(words) or v)
        rules[slot] = list(dict.fromkeys(ok))
    bodies: list[str] = []
    for intent, templates in (spec().get(lang) or {}).items():
        if not serves(k, intent):
            continue
        for template in templates:
            slots = re.findall(r"\{(\w+)\}", template)
            words = _words(re.sub(r"\{\w+\}|[()\[\]|~]", " ", template))
            if not all(map(known, words)) or any(not rules.get(s) for s in slots):
                dropped.append(template)
                continue
            body = re.sub(r"\{(\w+)\}", r"<\1>", template.replace("~", " "))
            bodies.append(re.sub(r"\s*\|\s*", " | ", body))
    p = k.patterns
    cues = [*p.intents["greeting"].en, *p.intents["goodbye"].en, *p.affirm.en, *p.deny.en]
    if k.has_tours:
        cues += [c for a in p.tour_actions.values() for c in a.en]
    for cue in cues:
        words = _words(cue)
        (bodies.append(" ".join(words)) if words and all(map(known, words))
         else dropped.append(cue))  # fmt: skip
    lines = ["#JSGF V1.0;", "grammar robot;",
             f"public <s> = [<garbage>+] <phrase> [<garbage>+] | /{garbage_weight}/ <garbage>+;",
             "<phrase> = " + " | ".join(f"( {b} )" for b in dict.fromkeys(bodies)) + ";",
             "<garbage> = " + " | ".join(f for f in fillers if known(f)) + ";"]  # fmt: skip
    for slot, values in rules.items():
        if values:
            lines.append(f"<{slot}> = " + " | ".join(values) + ";")
    return "\n".join(lines) + "\n", dropped


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z' ]", " ", text.lower().replace("-", " ")).split()


def lexicon() -> dict[str, str]:
    """Extra en-us pronunciations (word -> CMU phones) from asr_phrases.yaml."""
    return {str(w).lower(): str(p) for w, p in (spec().get("lexicon") or {}).items()}


def content_hash(phrases: dict[str, str] | list[str]) -> str:
    return hashlib.sha256(json.dumps(sorted(phrases), ensure_ascii=False).encode()).hexdigest()
