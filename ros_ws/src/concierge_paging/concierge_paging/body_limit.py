"""Refuse request bodies over a size (413, JSON), declared or streamed, before a handler."""

from __future__ import annotations

import json

from concierge_content.i18n import Strings


class BodyLimit:
    """ASGI middleware: bodies larger than max_bytes get 413 and never reach a handler."""

    def __init__(self, app, max_bytes: int, strings: Strings):
        self.app, self.max_bytes, self.strings = app, max_bytes, strings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        # No (or a small) declared length: read the body here, at most max_bytes, then replay it.
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()  # later messages: the disconnect
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope, send) -> None:
        query = scope.get("query_string", b"").decode("latin-1")
        lang = "en" if "lang=en" in query else "ko"
        payload = json.dumps(
            {
                "code": "err_too_large",
                "detail": self.strings.t("paging.err_too_large", lang, max=self.max_bytes),
            },
            ensure_ascii=False,
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
