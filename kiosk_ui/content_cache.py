"""Start-up cache of parsed content (UI strings, curriculum) under var/cache.

Parsing YAML with line numbers is slow in pure Python; the kiosk must be usable within two
seconds on a small PC. The parsed, already validated objects are pickled next to a stamp of the
source files (name, size, mtime); any change to a file, or an unreadable cache, means parsing
again. The cache is only ever written by this program in its own var/ folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from concierge_content.paths import content_root, var_root

log = logging.getLogger(__name__)
T = TypeVar("T")


def _stamp(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.glob("*.yaml")):
        st = p.stat()
        h.update(f"{p.name}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:20]


def cached(name: str, folder: Path, build: Callable[[], T]) -> T:
    """build() once per content version of `folder`; later starts read the pickle."""
    stamp = _stamp(folder)
    key = (name, str(folder), stamp)
    if key in _MEMO:  # the same process (tests, a second window)
        return _MEMO[key]
    _MEMO[key] = value = _load_or_build(name, stamp, build)
    return value


_MEMO: dict[tuple[str, str, str], object] = {}


def _load_or_build(name: str, stamp: str, build: Callable[[], T]) -> T:
    path = var_root() / "cache" / f"{name}-{stamp}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception as exc:  # a broken cache is rebuilt, never trusted
        log.warning("content cache %s unreadable (%s); parsing again", path, exc)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.part")
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot write content cache %s: %s", path, exc)
    return value


def strings():
    """All UI strings (concierge_content.i18n.Strings), validated on first parse."""

    def build():
        from concierge_content.i18n import load_strings

        return load_strings()

    return cached("i18n", content_root() / "i18n", build)


def curriculum():
    """The training curriculum (concierge_content.training.Curriculum)."""

    def build():
        from concierge_content.training import load_curriculum

        return load_curriculum()

    return cached("training", content_root() / "training", build)
