"""Where the repository, content/, var/ and the build cache are (overridable by environment
for deployments)."""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """The checkout root: CONCIERGE_HOME, else found from this (editable-installed) file."""
    env = os.environ.get("CONCIERGE_HOME")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "content").is_dir() and (parent / "ros_ws").is_dir():
            return parent
    raise RuntimeError("cannot find the repository root; set CONCIERGE_HOME")


def content_root() -> Path:
    env = os.environ.get("CONCIERGE_CONTENT")
    return Path(env) if env else repo_root() / "content"


def var_root() -> Path:
    """Writable state (databases, recordings, reports); created on first use."""
    return _made(os.environ.get("CONCIERGE_VAR") or repo_root() / "var")


def cache_root() -> Path:
    """Files derived from content and models, keyed by a hash of what they are built from
    (speech phrase graph, simulator grids): shared by every var/ of a checkout (each test stack
    has its own var/), so each is built once. CONCIERGE_CACHE, else var/cache/ of the checkout."""
    return _made(os.environ.get("CONCIERGE_CACHE") or repo_root() / "var" / "cache")


def machine_cache_root() -> Path:
    """Files built from what every checkout on this machine shares (the speech phrase graph of
    the recorded model), so another clone does not build them again: CONCIERGE_MACHINE_CACHE,
    else $XDG_CACHE_HOME/concierge, else ~/.cache/concierge (scripts/bootstrap.sh keeps the
    built interface packages there too)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return _made(os.environ.get("CONCIERGE_MACHINE_CACHE") or Path(base) / "concierge")


def _made(path: str | Path) -> Path:
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return path
