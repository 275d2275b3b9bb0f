"""The kiosk's side of docdrop: where the API is, a small blocking client, the QR picture.

Used from the documents mode's poller thread, never from the UI thread.
"""

from __future__ import annotations

import io
import os


def docdrop_api_url() -> str:
    """DOCDROP_API_URL, else the local listener from launch/params/docdrop.yaml."""
    env = os.environ.get("DOCDROP_API_URL")
    if env:
        return env.rstrip("/")
    from kiosk_ui.docdrop.config import load_config

    return load_config().api_url()


class DocdropClient:
    """The kiosk's side of the docdrop API (blocking; used only from the poller thread).

    Nothing happens at construction (it runs on the UI thread): the settings file and the
    HTTP library are read on first use, in the poller thread.
    """

    def __init__(self, base_url: str | None = None, timeout_s: float = 5.0):
        self._base_url = base_url.rstrip("/") if base_url else None
        self.timeout_s = timeout_s
        self._http = None

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            self._base_url = docdrop_api_url()
        return self._base_url

    @property
    def http(self):
        if self._http is None:
            import requests

            self._http = requests.Session()
        return self._http

    def create_session(self, lang: str) -> dict:
        r = self.http.post(
            f"{self.base_url}/api/sessions", json={"lang": lang}, timeout=self.timeout_s
        )
        r.raise_for_status()
        return r.json()

    def status(self, token: str) -> dict:
        r = self.http.get(f"{self.base_url}/api/sessions/{token}", timeout=self.timeout_s)
        r.raise_for_status()
        return r.json()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()


def qr_png(url: str, scale: int = 12) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
