"""Settings, agencies content, HEIC, retries while the agency is down, and the CLI."""

from __future__ import annotations

import io
import subprocess
import sys

import pillow_heif
import pytest
from concierge_content.agencies import load_agencies
from concierge_content.errors import ContentErrors
from PIL import Image
from sqlalchemy import select

from kiosk_ui.docdrop.config import ConfigError, load_config
from kiosk_ui.docdrop.inbox import create_inbox_app
from kiosk_ui.docdrop.models import AuditEvent
from tests.docdrop.conftest import ServerThread, jpeg_bytes, wait_for


def test_settings_come_from_yaml_then_environment_then_options(tmp_path):
    params = tmp_path / "docdrop.yaml"
    params.write_text("port: 9100\nmax_files: 4\nbase_path: docdrop/\n")
    cfg = load_config(params, env={"DOCDROP_MAX_FILES": "6", "DOCDROP_INBOX_ENABLED": "no"})
    assert (cfg.port, cfg.max_files, cfg.inbox_enabled, cfg.prefix) == (9100, 6, False, "/docdrop")
    assert load_config(params, env={}, port=9200).port == 9200
    assert cfg.upload_url("T") == "http://127.0.0.1:9100/docdrop/u/T"


@pytest.mark.parametrize(
    ("yaml_text", "env", "message"),
    [
        ("prot: 1\n", {}, "unknown setting 'prot'"),
        ("", {"DOCDROP_PORT": "eighty"}, "DOCDROP_PORT: port must be int"),
        ("", {"DOCDROP_KEY": "c2hvcnQ="}, "must decode to 32 bytes"),
        ("delivery_lease_s: 5\ndelivery_timeout_s: 10\n", {}, "delivery_lease_s must be longer"),
    ],
)
def test_bad_settings_say_which_and_why(tmp_path, yaml_text, env, message):
    params = tmp_path / "docdrop.yaml"
    params.write_text(yaml_text)
    with pytest.raises(ConfigError, match=message):
        load_config(params, env=env).encryption_key()


def test_the_key_file_is_made_once_and_private(tmp_path):
    cfg = load_config(env={}, data_dir=str(tmp_path / "dd"))
    key = cfg.encryption_key()
    assert len(key) == 32 and cfg.encryption_key() == key
    assert (tmp_path / "dd" / "key").stat().st_mode & 0o777 == 0o600


def test_agencies_content_has_the_three_agencies_in_both_languages():
    agencies = {a.id: a for a in load_agencies()}
    assert set(agencies) == {"nps", "nhis", "kcomwel"}
    assert agencies["nps"].name.ko == "국민연금공단"
    assert agencies["kcomwel"].name.en.startswith("Korea Workers")
    assert all(a.documents for a in agencies.values())


def test_bad_agencies_file_errors_point_at_lines(tmp_path):
    path = tmp_path / "agencies.yaml"
    path.write_text(
        "agencies:\n"
        "  - id: nps\n"
        "    name: {ko: 국민연금공단, en: NPS}\n"
        "    receipt_prefix: NPS\n"
        "    endpoint: ftp://nowhere\n"
        "    documents: [{ko: 신분증, en: ID}]\n"
        "  - id: nps\n"
        "    name: {ko: 중복, en: Dup}\n"
        "    receipt_prefix: NPS\n"
        "    endpoint: '{inbox}/x'\n"
        "    documents: [{ko: 신분증, en: ID}]\n"
    )
    with pytest.raises(ContentErrors) as exc:
        load_agencies(path)
    text = str(exc.value)
    assert f"{path}:5: agencies.0.endpoint" in text
    load_text = path.read_text().replace("ftp://nowhere", "https://api.nps.or.kr/x")
    path.write_text(load_text)
    with pytest.raises(ContentErrors) as exc:
        load_agencies(path)
    assert f"{path}:7: duplicate agency id 'nps'" in str(exc.value)
    assert f"{path}:9: receipt_prefix used twice" in str(exc.value)


def test_heic_photo_is_accepted_and_becomes_a_plain_jpeg(stack):
    pillow_heif.register_heif_opener()
    heic = io.BytesIO()
    Image.new("RGB", (320, 240), "green").save(heic, format="HEIF", quality=80)
    with stack.client() as http:
        token = stack.new_session(http)
        r = http.post(
            f"/api/sessions/{token}/files",
            files={"file": ("IMG_0001.HEIC", heic.getvalue(), "application/octet-stream")},
        )
        assert r.status_code == 201, r.text
        assert r.json()["kind"] == "jpeg"


def test_delivery_retries_with_backoff_until_the_agency_is_back(make_stack):
    stack = make_stack(inbox=False, retry_base_s=0.2, retry_max_s=1)
    with stack.client() as http:
        token = stack.new_session(http)
        http.post(f"/api/sessions/{token}/files", files={"file": ("a.jpg", jpeg_bytes())})
        http.post(
            f"/api/sessions/{token}/submit",
            json={"agency_id": "nps", "name": "Lee", "phone": "010 2222 3333"},
        )
        dd = stack.app.state.docdrop

        def retries() -> int:
            with dd.db() as db:
                return len(
                    db.scalars(
                        select(AuditEvent).where(AuditEvent.event == "delivery_retry")
                    ).all()
                )

        wait_for(lambda: retries() >= 3, 20, "three failed attempts")
        assert http.get(f"/api/sessions/{token}").json()["state"] == "submitted"
        inbox = ServerThread(
            create_inbox_app(stack.cfg.inbox_path), stack.cfg.inbox_port
        ).start()  # the agency comes back
        try:
            wait_for(
                lambda: http.get(f"/api/sessions/{token}").json()["state"] == "delivered",
                20,
                "delivery after the agency is back",
            )
            assert len(stack.inbox()) == 1
        finally:
            inbox.stop()


def test_agency_refusal_marks_the_submission_failed(make_stack, tmp_path):
    stack = make_stack(inbox=True)
    dd = stack.app.state.docdrop
    # An agency URL that answers 404 for good: no endless retries.
    broken = dd.agencies["nps"].model_copy(update={"endpoint": "{inbox}/agencies/NOPE/x"})
    dd.agencies["nps"] = broken
    with stack.client() as http:
        token = stack.new_session(http)
        http.post(f"/api/sessions/{token}/files", files={"file": ("a.jpg", jpeg_bytes())})
        http.post(
            f"/api/sessions/{token}/submit",
            json={"agency_id": "nps", "name": "Lee", "phone": "01022223333"},
        )
        wait_for(
            lambda: http.get(f"/api/sessions/{token}").json()["state"] == "failed", 20, "failure"
        )


def test_cli_help_lists_deployment_options():
    out = subprocess.run(
        [sys.executable, "-m", "concierge_bringup.cli", "docdrop", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    for option in ("--host", "--port", "--base-path", "--public-url", "--db-url", "--no-inbox"):
        assert option in out.stdout
