"""ASGI entry for several uvicorn workers: each worker builds the app from DOCDROP_* settings.

uvicorn --factory kiosk_ui.docdrop.asgi:app_factory --workers 4
"""

from __future__ import annotations


def app_factory():
    from kiosk_ui.docdrop.app import create_app
    from kiosk_ui.docdrop.config import load_config

    return create_app(load_config())
