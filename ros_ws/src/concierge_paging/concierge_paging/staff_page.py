"""The staff web page: one static HTML shell (picker or inbox) plus its words from content/i18n."""

from __future__ import annotations

import html
import json
from pathlib import Path

from concierge_content.i18n import LANGS, Strings
from fastapi import Request
from fastapi.responses import HTMLResponse

from concierge_paging.config import PagingConfig
from concierge_paging.service import Directory

TEMPLATE = Path(__file__).parent / "static" / "staff.html"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
PREFIX = "paging."


def strings_with_prefix(strings: Strings, prefix: str) -> dict[str, dict[str, str]]:
    """{lang: {key without prefix: text}} for every key of one content/i18n file."""
    keys = [k for k in strings.keys() if k.startswith(prefix)]  # noqa: SIM118 (not a dict)
    return {lang: {k.removeprefix(prefix): strings.t(k, lang) for k in keys} for lang in LANGS}


def render_staff_page(
    request: Request,
    cfg: PagingConfig,
    strings: Strings,
    directory: Directory,
    lang: str,
    staff_id: str | None,
) -> HTMLResponse:
    """The picker (staff_id None) or one official's inbox; 404 page for an unknown official."""
    status = 200
    if staff_id is not None and staff_id not in directory.staff:
        staff_id, status = None, 404
    root = request.scope.get("root_path", "")
    boot = {
        "lang": lang,
        "root": root,
        "view": "inbox" if staff_id else "picker",
        "problem": "err_unknown_staff" if status == 404 else None,
        "staff_id": staff_id,
        "staff_name": directory.staff.get(staff_id or "", {}),
        "refresh_ms": int(cfg.refresh_s * 1000),
        "staff": [
            {
                "id": sid,
                "name": name,
                "department": directory.departments.get(sid, {}),
                "veteran": sid in directory.veterans,
            }
            for sid, name in directory.staff.items()
        ],
        "strings": strings_with_prefix(strings, PREFIX),
    }
    title_key = "page_title_inbox" if staff_id else "page_title"
    title = strings.t(PREFIX + title_key, lang, name=boot["staff_name"].get(lang, ""))
    page = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("{{lang}}", lang)
        .replace("{{root}}", html.escape(root))
        .replace("{{title}}", html.escape(title))
        # "<" escaped so no string can close the script element.
        .replace("{{boot}}", json.dumps(boot, ensure_ascii=False).replace("<", "\\u003c"))
    )
    return HTMLResponse(page, status_code=status, headers={"Content-Security-Policy": CSP})
