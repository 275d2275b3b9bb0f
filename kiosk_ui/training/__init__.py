"""Digital-literacy training: plain-Python engine, trainee store and instructor statistics.

Nothing here imports Qt; the widgets in kiosk_ui/modes/training*.py only display and forward.
"""

from __future__ import annotations


def cached_curriculum():
    """The curriculum, parsed once per content version (see kiosk_ui.content_cache)."""
    from kiosk_ui import content_cache

    return content_cache.curriculum()
