"""Whole-phrase grammar for vosk: a decoding graph that accepts only the robot's phrases.

vosk's own grammar mode estimates a bigram from the phrase list, so word order and count stay
almost free (issue 5 note). Here the phrases become a prefix tree (an acceptor over the
model's word ids) written as an OpenFst VectorFst in place of the model's n-gram Gr.fst; a
copy of the model folder that links every other file to the installed model is loaded by
vosk as usual. The decoder then can only output whole phrases, or a "filler" word loop (with
a per-word cost) that stands for speech the robot was not built to understand.

The folder lives under var/cache/speech/ (paths.cache_root, shared by every var/ of the
checkout) and is keyed by a hash of the phrases, the filler settings and the model's Gr.fst,
so a content change builds a new one and an unchanged one is reused. For the recorded model
(models.recorded_sha256) the key holds its checksum, not its path, and the built acceptor is
also kept per machine (paths.machine_cache_root()/speech): another checkout links it in
instead of spending ~25 s building it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import math
import os
import shutil
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from concierge_content.paths import cache_root, machine_cache_root

from concierge_speech.models import recorded_sha256

FST_MAGIC = 2125659606
SYMBOLS_MAGIC = 2125658996
LINKED = ("am", "conf", "ivector", "README")
LINKED_GRAPH = ("HCLr.fst", "disambig_tid.int", "phones.txt", "phones")
GAP = "~"  # in a phrase: a few filler words may stand here


class GraphError(RuntimeError):
    """The phrase graph cannot be built (model without a word table, no usable phrase)."""


@dataclass
class PhraseGraph:
    """The acceptor on disk (Gr.fst) and, to map a decoded word sequence back to its phrase, in
    memory in a compact form: the phrase tree, plus where filler words and skipped gaps lead
    (the written FST spells these out as one arc per filler word, millions of them)."""

    model_dir: Path  # a vosk model folder whose Gr.fst is this acceptor
    children: list[dict[int, int]]  # per state: phrase word id -> next state
    skips: dict[int, list[int]]  # state before an optional gap -> the states after it
    filler_next: dict[int, list[int]]  # state -> where a filler word leads from it
    fillers: frozenset[int]  # filler word ids
    finals: dict[int, str]  # final state -> the content phrase it ends
    words: dict[str, int]  # model word -> id (only the words the graph uses)
    dropped: tuple[str, ...]  # content phrases the model's words cannot spell
    garbage: int  # the state of the filler loop that stands for "not understood"

    def _next(self, state: int, label: int) -> set[int]:
        out = set()
        nxt = self.children[state].get(label)
        if nxt is not None:
            out.add(nxt)
        if label in self.fillers:
            out.update(self.filler_next.get(state, ()))
        else:  # a gap may be left out: the words after it follow at once
            for after in self.skips.get(state, ()):
                out |= self._next(after, label)
        return out

    def parse(self, text: str) -> str | None:
        """The content phrase a decoded word sequence spells, None for filler-only speech."""
        states = {0}
        for word in text.split():
            label = self.words.get(word)
            if label is None:
                return None
            states = {nxt for s in states for nxt in self._next(s, label)}
            if not states:
                return None
        ends = sorted((self.finals[s] for s in states if s in self.finals), key=len)
        return ends[0] if ends else None


def read_symbol_tables(fst: Path) -> tuple[bytes, dict[str, int]]:
    """Raw bytes of the input+output symbol tables of an OpenFst file, and word -> id."""
    data = fst.read_bytes()[: 64 << 20]
    pos = 0

    def i32() -> int:
        nonlocal pos
        (v,) = struct.unpack_from("<i", data, pos)
        pos += 4
        return v

    def i64() -> int:
        nonlocal pos
        (v,) = struct.unpack_from("<q", data, pos)
        pos += 8
        return v

    def text() -> str:
        nonlocal pos
        n = i32()
        pos += n
        return data[pos - n : pos].decode("utf-8", "replace")

    if i32() != FST_MAGIC:
        raise GraphError(f"{fst}: not an OpenFst file")
    text(), text()  # fst type, arc type
    i32()
    flags = i32()
    i64(), i64(), i64(), i64()  # properties, start, states, arcs
    if flags & 3 != 3:
        raise GraphError(f"{fst}: no word symbol tables (need a lookahead vosk model)")
    begin = pos
    words: dict[str, int] = {}
    for table in range(2):
        if i32() != SYMBOLS_MAGIC:
            raise GraphError(f"{fst}: unexpected symbol table format")
        text()
        i64()
        for _ in range(i64()):
            word = text()
            key = i64()
            if table == 1:
                words[word] = key
    return data[begin:pos], words


def write_vector_fst(path: Path, symbols: bytes, start: int, finals: dict[int, float],
                     arcs: list[list[tuple[int, float, int]]]) -> None:  # fmt: skip
    """An acceptor in OpenFst's binary VectorFst format (arcs: per state (label, cost, next)).

    Properties are left unknown (only "expanded" is claimed) so OpenFst computes what it needs.
    """

    def s(v: str) -> bytes:
        b = v.encode()
        return struct.pack("<i", len(b)) + b

    n_arcs = sum(len(a) for a in arcs)
    out = [struct.pack("<i", FST_MAGIC), s("vector"), s("standard"),
           struct.pack("<iiQqqq", 2, 3, 1, start, len(arcs), n_arcs), symbols]  # fmt: skip
    inf = float("inf")
    for state, out_arcs in enumerate(arcs):
        out.append(struct.pack("<fq", finals.get(state, inf), len(out_arcs)))
        out.extend(struct.pack("<iifi", lab, lab, cost, nxt) for lab, cost, nxt in out_arcs)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two processes may build it at once
    tmp.write_bytes(b"".join(out))
    tmp.replace(path)


def segment(word: str, vocab: dict[str, int] | set[str]) -> list[str]:
    """A word the model does not know, split into known pieces (greedy longest prefix)."""
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


def spell(phrase: str, vocab: dict[str, int]) -> list[str]:
    pieces = [segment(part, vocab) for part in phrase.split()]
    return [w for p in pieces for w in p] if pieces and all(pieces) else []


def build(phrases: list[str], model_dir: Path, fillers: list[str],
          gap_cost: float = 20.0, garbage_cost: float = 14.0,
          root: Path | None = None) -> PhraseGraph:  # fmt: skip
    """The phrase graph (files cached by content hash under var/cache/speech/).

    phrases may contain the gap token "~": any few filler words (each costing gap_cost) may
    stand there. A separate loop of filler words (garbage_cost each) is the way out for
    speech that is no phrase at all.
    """
    gr = model_dir / "graph" / "Gr.fst"
    fillers = sorted(set(fillers))
    recorded = recorded_sha256(model_dir, "graph/Gr.fst")
    model = [recorded] if recorded else [str(gr), gr.stat().st_size, gr.stat().st_mtime_ns]
    key = hashlib.sha256(json.dumps(
        [*model, phrases, fillers, gap_cost, garbage_cost, 3]
    ).encode()).hexdigest()[:16]  # fmt: skip
    out = (root or cache_root() / "speech") / f"phrase-model-{key}"
    # the machine's copy: only for the recorded model and the default place (tests that pass
    # a root build on their own)
    shared = (
        machine_cache_root() / "speech" / f"phrase-graph-{key}" if recorded and not root else None
    )
    cached = _load(out)
    if cached is None and shared is not None and _from_machine(shared, out, model_dir):
        cached = _load(out)
    if cached is not None:
        return cached
    symbols, vocab = read_symbol_tables(gr)
    filler_ids = sorted({vocab[w] for w in fillers if w in vocab})
    if not filler_ids:
        raise GraphError("none of the filler words is in the model's vocabulary")

    arcs: list[list[tuple[int, float, int]]] = [[]]
    children: list[dict[int, int]] = [{}]
    finals: dict[int, str] = {}
    gaps: list[tuple[int, int]] = []  # (state before a gap, state after it)
    used: dict[str, int] = {}
    dropped: list[str] = []

    def child(state: int, label: int, cost: float = 0.0) -> int:
        nxt = children[state].get(label)
        if nxt is None:
            nxt = len(arcs)
            arcs.append([])
            children.append({})
            children[state][label] = nxt
            if label >= 0:
                arcs[state].append((label, cost, nxt))
        return nxt

    for phrase in phrases:
        spelled: list[str] = []
        for part in phrase.split(GAP):
            words = spell(part, vocab) if part.strip() else []
            if part.strip() and not words:
                spelled = []
                break
            spelled += [*words, GAP]
        spelled = spelled[:-1]
        if not [w for w in spelled if w != GAP]:
            dropped.append(phrase)
            continue
        state = 0
        for word in spelled:
            if word == GAP:
                before, state = state, child(state, -1)
                gaps.append((before, state))
            else:
                used[word] = vocab[word]
                state = child(state, vocab[word])
        finals.setdefault(state, phrase.replace(f" {GAP} ", " ").replace(GAP, "").strip())
    if not finals:
        raise GraphError("no phrase can be written in the model's words")
    # A gap is optional: the state before it also takes the arcs after it, and one or more
    # filler words lead into the state after it, which loops on fillers.
    skips: dict[int, list[int]] = {}
    filler_next: dict[int, list[int]] = {0: [len(arcs)]}  # the garbage state, made below
    for before, after in dict.fromkeys(gaps):
        arcs[before] += [a for a in arcs[after] if a[0] not in filler_ids]
        arcs[before] += [(f, gap_cost, after) for f in filler_ids]
        arcs[after] += [(f, gap_cost, after) for f in filler_ids]
        skips.setdefault(before, []).append(after)
        filler_next.setdefault(before, []).append(after)
        filler_next.setdefault(after, []).append(after)
        if after in finals:
            finals.setdefault(before, finals[after])
    prior = math.log(len(finals))
    arcs[0] = [(lab, cost + prior, nxt) for lab, cost, nxt in arcs[0]]
    garbage = len(arcs)
    filler_next[garbage] = [garbage]
    children.append({})
    arcs.append([(f, garbage_cost, garbage) for f in filler_ids])
    arcs[0] += [(f, garbage_cost + prior, garbage) for f in filler_ids]
    for a in arcs:
        a.sort()
    for w in fillers:
        if w in vocab:
            used[w] = vocab[w]

    if not (out / "graph" / "Gr.fst").is_file():
        _model_folder(out, model_dir)
        weights = {s: 0.0 for s in finals} | {garbage: 0.0}
        write_vector_fst(out / "graph" / "Gr.fst", symbols, 0, weights, arcs)
    graph = PhraseGraph(out, children, skips, filler_next, frozenset(filler_ids), finals, used,
                        tuple(dropped), garbage)  # fmt: skip
    _save(graph)
    if shared is not None:
        _to_machine(out, shared)
    return graph


def _model_folder(out: Path, model_dir: Path) -> None:
    """out/ as a vosk model folder: every file but Gr.fst linked to the installed model."""
    (out / "graph").mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        _link(model_dir / name, out / name)
    for name in LINKED_GRAPH:
        _link(model_dir / "graph" / name, out / "graph" / name)


def _place(src: Path, dst: Path) -> None:
    """dst becomes src's content, atomically: a hard link where both are on one file system
    (no copy of 300 MB), else a copy."""
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copyfile(src, tmp)
    tmp.replace(dst)


def _from_machine(shared: Path, out: Path, model_dir: Path) -> bool:
    """Link the machine's built acceptor into this checkout's folder; False if it has none."""
    if not ((shared / "Gr.fst").is_file() and (shared / _MEMORY).is_file()):
        return False
    try:
        _model_folder(out, model_dir)
        _place(shared / _MEMORY, out / "graph" / _MEMORY)
        _place(shared / "Gr.fst", out / "graph" / "Gr.fst")  # last: it marks the folder done
    except OSError:
        return False  # unreadable or a full disk: build here instead
    return True


def _to_machine(out: Path, shared: Path) -> None:
    """Keep the built acceptor for the machine's other checkouts (best effort)."""
    try:
        shared.mkdir(parents=True, exist_ok=True)
        _place(out / "graph" / "Gr.fst", shared / "Gr.fst")
        _place(out / "graph" / _MEMORY, shared / _MEMORY)
    except OSError:
        pass  # a read-only or full cache: the next checkout builds its own


# The acceptor in memory is kept beside its Gr.fst: rebuilding it takes seconds (the gaps),
# loading it a fraction of one. marshal: plain lists, tuples and dicts, read fast; the folder
# is keyed by its inputs, and the file is this Python's (a version change rebuilds it).
_MEMORY = f"phrases-v2-py{sys.version_info[0]}{sys.version_info[1]}.marshal"


def _save(graph: PhraseGraph) -> None:
    path = graph.model_dir / "graph" / _MEMORY
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(marshal.dumps((graph.children, graph.skips, graph.filler_next,
                                   graph.fillers, graph.finals, graph.words, graph.dropped,
                                   graph.garbage)))  # fmt: skip
    tmp.replace(path)


def _load(out: Path) -> PhraseGraph | None:
    path = out / "graph" / _MEMORY
    if not ((out / "graph" / "Gr.fst").is_file() and path.is_file()):
        return None
    try:
        fields = marshal.loads(path.read_bytes())
        return PhraseGraph(out, *fields)
    except (EOFError, ValueError, TypeError):
        return None  # a torn or foreign file: build again


def _link(src: Path, dst: Path) -> None:
    if src.exists() and not dst.exists():
        # another process building the same graph may have linked it first
        with contextlib.suppress(FileExistsError):
            os.symlink(src, dst)
