"""`concierge content check`: every content checker, auto-discovered in this package."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root

Checker = Callable[[Path], None]
_CHECKS: dict[str, Checker] = {}


def register_check(name: str) -> Callable[[Checker], Checker]:
    """Register fn(content_root) that raises ContentError/ContentErrors for bad content."""

    def deco(fn: Checker) -> Checker:
        _CHECKS[name] = fn
        return fn

    return deco


def _discover() -> None:
    import concierge_content

    for mod in pkgutil.iter_modules(concierge_content.__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"concierge_content.{mod.name}")


def run_checks(root: Path | None = None, only: list[str] | None = None) -> list[ContentError]:
    """Run every registered checker; returns all errors found (empty list = content is good)."""
    _discover()
    root = root or content_root()
    errors: list[ContentError] = []
    for name, fn in sorted(_CHECKS.items()):
        if only and name not in only:
            continue
        try:
            fn(root)
        except ContentErrors as exc:
            errors.extend(exc.errors)
        except ContentError as exc:
            errors.append(exc)
    return errors


def checker_names() -> list[str]:
    _discover()
    return sorted(_CHECKS)
