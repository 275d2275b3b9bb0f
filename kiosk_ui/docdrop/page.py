"""The phone page: a static HTML shell plus every string (ko and en) from content/i18n."""

from __future__ import annotations

import html
import json
from pathlib import Path

from concierge_content.i18n import LANGS, Strings
from fastapi.responses import HTMLResponse

from kiosk_ui.docdrop.config import DocdropConfig

TEMPLATE = Path(__file__).parent / "static" / "phone.html"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)


def page_strings(strings: Strings) -> dict[str, dict[str, str]]:
    prefix = "docdrop."
    keys = [k for k in strings.keys() if k.startswith(prefix)]  # noqa: SIM118 (not a dict)
    return {lang: {k[len(prefix) :]: strings.t(k, lang) for k in keys} for lang in LANGS}


def render_phone_page(
    cfg: DocdropConfig,
    strings: Strings,
    lang: str,
    token: str,
    problem: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    boot = {
        "lang": lang,
        "problem": problem,
        "max_files": cfg.max_files,
        "max_file_bytes": cfg.max_file_bytes,
        "retention_days": max(1, round(cfg.retention_s / 86400)),
        "strings": page_strings(strings),
    }
    # "<" escaped so no string can close the script element.
    boot_json = json.dumps(boot, ensure_ascii=False).replace("<", "\\u003c")
    title = strings.t("docdrop.page_title", lang)
    text = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("{{lang}}", lang)
        .replace("{{title}}", html.escape(title))
        .replace("{{boot}}", boot_json)
    )
    headers = {"Content-Security-Policy": CSP}
    return HTMLResponse(text, status_code=status, headers=headers)
