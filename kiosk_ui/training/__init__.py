"""Digital-literacy training: plain-Python engine, trainee store and instructor statistics.

Nothing here imports Qt; the widgets in kiosk_ui/modes/training*.py only display and forward.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def cached_curriculum(root: Path | None = None):
    """The curriculum, parsed once per process and again only when a content file changed."""
    from concierge_content.paths import content_root

    folder = (root or content_root()) / "training"
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*.yaml")))
    return _load(folder.parent, stamp)


@lru_cache(maxsize=2)
def _load(root: Path, _stamp: tuple):
    from concierge_content.training import load_curriculum

    return load_curriculum(root)
