"""The robot's side of the paging service: a small blocking client whose every call is bounded.

Call it from a worker thread, never from a behaviour tree's tick: a down service costs up to
connect_timeout_s + timeout_s per call. Every request is safe to repeat (pages are idempotent on
(call_id, level); repeated acks, escalations and cancels return the page as it stands).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import requests

from concierge_paging.deadline import Watchdog, deadline_adapter

DEFAULT_URL = "http://127.0.0.1:8760"


class PagingUnavailable(Exception):
    """The service is down, too slow, or not the paging service; the page was not delivered.

    `say_key` is what the robot tells the visitor (content/i18n/paging.yaml).
    """

    say_key = "paging.robot_unavailable"


class PagingRejected(Exception):
    """The service refused the request (4xx). `code` is the server's reason (e.g.
    err_already_answered); `page` is the page as it stands when the refusal is about its state."""

    say_key = "paging.robot_rejected"

    def __init__(self, status: int, code: str, detail: str, page: PageInfo | None = None):
        super().__init__(f"paging service refused ({status} {code}): {detail}")
        self.status, self.code, self.detail, self.page = status, code, detail, page


@dataclass(frozen=True)
class PageInfo:
    page_id: str
    call_id: str
    level: int
    office_id: str
    staff_id: str
    status: str  # open | accepted | declined | escalated | canceled
    created: float
    answered_by: str | None = None
    answered_at: float | None = None
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: dict) -> PageInfo:
        return cls(
            page_id=data["page_id"],
            call_id=data["call_id"],
            level=int(data["level"]),
            office_id=data["office_id"],
            staff_id=data["staff_id"],
            status=data["status"],
            created=float(data["created"]),
            answered_by=data.get("answered_by"),
            answered_at=data.get("answered_at"),
            raw=data,
        )

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    @property
    def declined(self) -> bool:
        return self.status == "declined"


class PagingClient:
    """Blocking HTTP client (one requests.Session). Raises PagingUnavailable or PagingRejected.

    Every call ends within connect_timeout_s + timeout_s (plus a few ms): a dead or silent
    service by the socket timeouts, one that trickles its answer by a watchdog that shuts the
    connection at that deadline.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        timeout_s: float = 2.0,
        connect_timeout_s: float | None = None,
        lang: str = "ko",
        max_response_bytes: int = 1024 * 1024,
    ):
        if timeout_s <= 0 or (connect_timeout_s is not None and connect_timeout_s <= 0):
            raise ValueError("paging timeouts must be positive (an unbounded call could hang)")
        self.base_url = base_url.rstrip("/")
        self.timeout_s = float(timeout_s)
        self.connect_timeout_s = float(connect_timeout_s or min(timeout_s, 1.0))
        self.lang = lang
        self.max_response_bytes = max_response_bytes
        self.http = requests.Session()
        self.http.headers["Accept-Language"] = lang
        self.http.trust_env = False  # a proxy from the environment must not sit in between
        adapter = deadline_adapter()
        self.http.mount("http://", adapter)
        self.http.mount("https://", adapter)

    # -- the robot's calls -----------------------------------------------------------------
    def page(
        self,
        call_id: str,
        office_id: str,
        staff_id: str,
        level: int = 0,
        reason: str = "",
        robot: str = "",
        lang: str = "ko",
    ) -> PageInfo:
        """Page one official (level 0 first, then 1, 2 ... as the robot escalates)."""
        body = {
            "call_id": call_id,
            "office_id": office_id,
            "staff_id": staff_id,
            "level": level,
            "reason": reason,
            "robot": robot,
            "lang": lang,
        }
        return PageInfo.from_json(self._call("POST", "/api/pages", body))

    def get(self, page_id: str) -> PageInfo:
        return PageInfo.from_json(self._call("GET", f"/api/pages/{_seg(page_id)}"))

    def escalate(self, page_id: str) -> PageInfo:
        """Close a page unanswered; PagingRejected (409, with .page) if it was answered first."""
        return PageInfo.from_json(self._call("POST", f"/api/pages/{_seg(page_id)}/escalate"))

    def cancel(self, page_id: str) -> PageInfo:
        return PageInfo.from_json(self._call("POST", f"/api/pages/{_seg(page_id)}/cancel"))

    # -- the staff's calls (and tests, tools) ----------------------------------------------
    def ack(self, page_id: str, staff_id: str, accept: bool) -> PageInfo:
        body = {"staff_id": staff_id, "accept": accept}
        return PageInfo.from_json(self._call("POST", f"/api/pages/{_seg(page_id)}/ack", body))

    def inbox(self, staff_id: str, status: str | None = "open") -> list[PageInfo]:
        params = {"staff_id": staff_id, **({"status": status} if status else {})}
        return [PageInfo.from_json(p) for p in self._call("GET", "/api/pages", params=params)]

    def health(self) -> dict:
        return self._call("GET", "/api/health")

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> PagingClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport -------------------------------------------------------------------------
    def _call(self, method: str, path: str, body: dict | None = None, params=None):
        with Watchdog(self.connect_timeout_s + self.timeout_s) as watchdog:
            status, data = self._exchange(method, self.base_url + path, body, params, watchdog)
        if status >= 500 or 300 <= status < 400:
            detail = data.get("detail", "") if isinstance(data, dict) else ""
            raise PagingUnavailable(
                f"the paging service at {self.base_url} failed ({status}): {detail}"
            )
        if status >= 400:
            data = data if isinstance(data, dict) else {}
            page = data.get("page")
            raise PagingRejected(
                status,
                str(data.get("code", "http")),
                str(data.get("detail", "")),
                PageInfo.from_json(page) if isinstance(page, dict) else None,
            )
        return data

    def _exchange(self, method, url, body, params, watchdog) -> tuple[int, dict | list]:
        try:
            with self.http.request(
                method,
                url,
                json=body,
                params=params,
                timeout=(self.connect_timeout_s, self.timeout_s),
                stream=True,  # the body is read here, under the watchdog
                allow_redirects=False,
            ) as response:
                raw = b""
                for chunk in response.iter_content(8192):
                    raw += chunk
                    if len(raw) > self.max_response_bytes:
                        raise PagingUnavailable(
                            f"{self.base_url} sent more than {self.max_response_bytes} bytes: "
                            "is the URL the paging service's?"
                        )
                status = response.status_code
        except requests.RequestException as exc:
            raise self._unavailable(exc, watchdog.fired) from None
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, (dict, list)):
            raise PagingUnavailable(
                f"{self.base_url} answered {status} without paging JSON: "
                "is the URL the paging service's?"
            )
        return status, data

    def _unavailable(self, exc: requests.RequestException, cut: bool) -> PagingUnavailable:
        """A message a person can act on, for each way the service can fail to answer."""
        where = f"the paging service at {self.base_url}"
        if cut:
            budget = self.connect_timeout_s + self.timeout_s
            return PagingUnavailable(f"{where} answered too slowly (cut off after {budget:.1f} s)")
        if isinstance(exc, requests.ConnectTimeout):
            return PagingUnavailable(
                f"{where} did not take the connection within {self.connect_timeout_s:.1f} s: "
                "check the address and that its host is up"
            )
        if isinstance(exc, requests.ReadTimeout) or "timed out" in str(exc):
            return PagingUnavailable(
                f"{where} did not answer within {self.timeout_s:.1f} s: it is hung or "
                "overloaded (see its log, paging_service.log)"
            )
        if isinstance(exc, requests.ConnectionError):
            return PagingUnavailable(
                f"cannot reach {where} ({_reason(exc)}): is paging_service running "
                "(launch file) or `concierge paging serve`?"
            )
        return PagingUnavailable(f"{where} could not be asked: {exc}")


def _seg(page_id: str) -> str:
    return requests.utils.quote(page_id, safe="")


def _reason(exc: Exception) -> str:
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "timed out", "reset"):
        if known.lower() in text.lower():
            return known.lower()
    return text.split(":")[-1].strip(" )'\"") or type(exc).__name__
