"""docdrop API against a real uvicorn: the happy path, limits, bad input, privacy."""

from __future__ import annotations

import io
import socket
import time

import httpx
import pytest
from PIL import Image
from sqlalchemy import select

from kiosk_ui.docdrop.crypto import iter_decrypted
from kiosk_ui.docdrop.models import AuditEvent
from tests.docdrop.conftest import jpeg_bytes, pdf_bytes, png_bytes, wait_for

MB = 1024 * 1024


def upload(http: httpx.Client, token: str, name: str, data: bytes, ctype: str = "image/jpeg"):
    return http.post(f"/api/sessions/{token}/files", files={"file": (name, data, ctype)})


def submit(http: httpx.Client, token: str, **over):
    body = {"agency_id": "nps", "name": "홍길동", "phone": "010-1234-5678", "note": ""}
    body.update(over)
    return http.post(f"/api/sessions/{token}/submit", json=body)


def test_files_reach_the_agency_once_with_the_receipt_number(stack):
    with stack.client() as http:
        token = stack.new_session(http)
        assert upload(http, token, "id-card.jpg", jpeg_bytes()).status_code == 201
        assert upload(http, token, "bank.png", png_bytes(), "image/png").status_code == 201
        assert upload(http, token, "form.pdf", pdf_bytes(), "application/pdf").status_code == 201
        r = submit(http, token, agency_id="nhis")
        assert r.status_code == 200, r.text
        receipt = r.json()["receipt_no"]
        assert receipt.startswith("NHIS-")
        wait_for(
            lambda: http.get(f"/api/sessions/{token}").json()["state"] == "delivered",
            what="delivery",
        )
        status = http.get(f"/api/sessions/{token}").json()
    assert status["receipt_no"] == receipt
    inbox = stack.inbox("nhis")
    assert len(inbox) == 1
    assert inbox[0]["metadata"]["receipt_no"] == receipt
    assert inbox[0]["metadata"]["applicant"]["name"] == "홍길동"
    assert inbox[0]["files"] == ["01.jpg", "02.png", "03.pdf"]


def test_expired_token_is_refused_with_410_everywhere(make_stack):
    stack = make_stack(session_ttl_s=1)
    with stack.client() as http:
        token = stack.new_session(http)
        wait_for(
            lambda: http.get(f"/api/sessions/{token}").json()["state"] == "expired",
            timeout_s=5,
            what="expiry",
        )
        r = upload(http, token, "a.jpg", jpeg_bytes())
        assert r.status_code == 410
        assert "QR" in r.json()["detail"]
        assert submit(http, token).status_code == 410
        assert http.get(f"/u/{token}").status_code == 410


def test_token_is_useless_after_submit(stack):
    with stack.client() as http:
        token = stack.new_session(http)
        file_id = upload(http, token, "a.jpg", jpeg_bytes()).json()["id"]
        assert submit(http, token).status_code == 200
        again = submit(http, token)
        assert again.status_code == 409
        assert again.json()["code"] == "err_already_sent"
        assert upload(http, token, "b.jpg", jpeg_bytes()).status_code == 409
        assert http.delete(f"/api/sessions/{token}/files/{file_id}").status_code == 409
    wait_for(lambda: len(stack.inbox()) == 1, what="delivery")
    assert len(stack.inbox()) == 1


def test_guessed_tokens_get_404_then_429(make_stack):
    stack = make_stack(bad_tokens_per_minute_per_client=5)
    with stack.client() as http:
        real = stack.new_session(http)
        codes = [http.get(f"/api/sessions/{'A' * 42}{i:01d}").status_code for i in range(5)]
        assert codes == [404] * 5
        assert http.get(f"/api/sessions/{'B' * 43}").status_code == 429
        assert http.post(f"/api/sessions/{real}/files").status_code == 429
    assert len(real) >= 43  # 256-bit token, URL-safe base64


def test_eleventh_file_is_refused_until_one_is_removed(stack):
    with stack.client() as http:
        token = stack.new_session(http)
        ids = [
            upload(http, token, f"p{i}.png", png_bytes(40, 40), "image/png").json()["id"]
            for i in range(10)
        ]
        r = upload(http, token, "p11.png", png_bytes(40, 40), "image/png")
        assert r.status_code == 409
        assert "10" in r.json()["detail"]
        assert http.delete(f"/api/sessions/{token}/files/{ids[3]}").status_code == 200
        assert upload(http, token, "p11.png", png_bytes(40, 40), "image/png").status_code == 201
        assert http.get(f"/api/sessions/{token}").json()["file_count"] == 10


def test_ten_megabytes_pass_and_one_byte_more_is_413(stack):
    with stack.client() as http:
        token = stack.new_session(http)
        exact = pdf_bytes(pad_to=10 * MB)
        assert len(exact) == 10 * MB
        assert upload(http, token, "ok.pdf", exact, "application/pdf").status_code == 201
        r = upload(http, token, "big.pdf", pdf_bytes(pad_to=10 * MB + 1), "application/pdf")
        assert r.status_code == 413
        assert "10 MB" in r.json()["detail"]
        assert http.get(f"/api/sessions/{token}").json()["file_count"] == 1


def test_too_large_chunked_upload_is_cut_while_streaming(stack):
    boundary = "b0undary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()

    def body():  # no Content-Length: only the streaming count can stop it
        yield head + b"%PDF-1.4\n"
        for _ in range(11):
            yield b"0" * MB
        yield f"\r\n--{boundary}--\r\n".encode()

    with stack.client() as http:
        token = stack.new_session(http)
        r = http.post(
            f"/api/sessions/{token}/files",
            content=body(),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        assert r.status_code == 413
    assert not list((stack.cfg.data_path / "files").glob("*"))


@pytest.mark.parametrize(
    "payload",
    [b"\x7fELF\x02\x01\x01" + b"\0" * 4000, b"MZ\x90\x00\x03" + b"\0" * 4000],
    ids=["elf", "windows-exe"],
)
def test_executable_named_pdf_is_refused_and_nothing_is_kept(stack, payload):
    with stack.client() as http:
        token = stack.new_session(http)
        r = upload(http, token, "claim.pdf", payload, "application/pdf")
        assert r.status_code == 415
        assert "PDF" in r.json()["detail"]
        assert http.get(f"/api/sessions/{token}").json()["file_count"] == 0
    assert not list((stack.cfg.data_path / "files").glob("*"))


def test_pdf_with_javascript_is_refused(stack):
    js = b"3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n"
    with stack.client() as http:
        token = stack.new_session(http)
        r = upload(http, token, "form.pdf", pdf_bytes(extra=js), "application/pdf")
        assert r.status_code == 415
        assert r.json()["code"] == "err_pdf_active"


def test_image_with_gps_reaches_the_agency_without_exif(stack):
    original = jpeg_bytes(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # really has GPS
    with stack.client() as http:
        token = stack.new_session(http)
        assert upload(http, token, "where.jpg", original).status_code == 201
        assert submit(http, token).status_code == 200
    wait_for(lambda: stack.inbox(), what="delivery")
    key = stack.inbox()[0]["idempotency_key"]
    received = (stack.cfg.inbox_path / "nps" / key / "01.jpg").read_bytes()
    img = Image.open(io.BytesIO(received))
    assert img.size == (640, 480)
    assert not img.getexif()
    assert b"PhoneMaker" not in received


def test_files_are_encrypted_at_rest_and_named_by_random_ids(stack):
    marker = b"RESIDENT-REGISTRATION-980101"
    with stack.client() as http:
        token = stack.new_session(http)
        names = ["../../../../tmp/evil.pdf", "..\\..\\windows\\evil.pdf", "/etc/passwd"]
        shown = []
        for name in names:
            r = upload(http, token, name, pdf_bytes(extra=marker), "application/pdf")
            assert r.status_code == 201
            shown.append(r.json()["name"])
    assert shown == ["evil.pdf", "evil.pdf", "passwd"]
    stored = list((stack.cfg.data_path / "files").iterdir())
    assert len(stored) == 3
    for path in stored:
        assert len(path.name) == 32 and all(c in "0123456789abcdef" for c in path.name)
        raw = path.read_bytes()
        assert marker not in raw and not raw.startswith(b"%PDF")
        assert marker in b"".join(iter_decrypted(path, stack.cfg.encryption_key()))
    assert not (stack.cfg.data_path / "tmp" / "evil.pdf").exists()


@pytest.mark.parametrize(
    ("ctype", "body"),
    [
        (
            "multipart/form-data; boundary=xyz",
            b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
            b"\r\n%PDF-1.4",
        ),
        ("multipart/form-data; boundary=xyz", b"this is not multipart at all"),
        ("multipart/form-data", b"--xyz--\r\n"),
        ("application/json", b'{"file": "abc"}'),
        (
            "multipart/form-data; boundary=xyz",
            b'--xyz\r\nContent-Disposition: form-data; name="other"\r\n\r\nhello\r\n--xyz--\r\n',
        ),
    ],
    ids=["truncated", "garbage", "no-boundary", "json", "no-file-field"],
)
def test_broken_multipart_is_a_clear_400(stack, ctype, body):
    with stack.client() as http:
        token = stack.new_session(http)
        r = http.post(
            f"/api/sessions/{token}/files", content=body, headers={"Content-Type": ctype}
        )
        assert r.status_code == 400
        assert r.json()["detail"]
        assert http.get(f"/api/sessions/{token}").json()["file_count"] == 0


def _raw_request(
    port: int, head: bytes, trickle: list[bytes], pause_s: float
) -> tuple[bytes, float]:
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        sock.settimeout(pause_s)
        reply = b""
        for piece in trickle:
            try:
                sock.sendall(piece)
                reply += sock.recv(65536)
                if reply:
                    break
            except TimeoutError:
                continue
            except OSError:
                break
        sock.settimeout(10)
        try:
            while b"\r\n\r\n" not in reply:
                more = sock.recv(65536)
                if not more:
                    break
                reply += more
        except OSError:
            pass
    return reply, time.monotonic() - start


def test_slow_uploads_are_cut_off(make_stack):
    stack = make_stack(upload_idle_timeout_s=1, upload_total_timeout_s=2)
    with stack.client() as http:
        token = stack.new_session(http)
    head = (
        f"POST /api/sessions/{token}/files HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 100000\r\n\r\n"
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF'
    ).encode()
    # A stalled sender (nothing after the first bytes) and a trickling one (a byte per 0.3 s).
    for trickle, pause in (([b""] * 40, 0.3), ([b"x"] * 40, 0.3)):
        reply, took_s = _raw_request(stack.cfg.port, head, trickle, pause)
        assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
        assert took_s < 6


def test_submit_checks_agency_phone_and_files(stack):
    with stack.client() as http:
        token = stack.new_session(http)
        assert submit(http, token).status_code == 400  # no files yet
        upload(http, token, "a.jpg", jpeg_bytes())
        r = submit(http, token, agency_id="nasa")
        assert (r.status_code, r.json()["code"]) == (400, "err_unknown_agency")
        assert submit(http, token, phone="call me").status_code == 400
        r = http.post(f"/api/sessions/{token}/submit", json={"agency_id": "nps"})
        assert r.status_code == 400
        assert "name" in r.json()["detail"]
        assert http.get(f"/api/sessions/{token}").json()["state"] == "open"


def test_errors_speak_the_visitors_language(stack):
    with stack.client() as http:
        token = stack.new_session(http)
        ko = upload(http, token, "x.pdf", b"not a pdf", "application/pdf").json()["detail"]
        en = http.post(
            f"/api/sessions/{token}/files?lang=en",
            files={"file": ("x.pdf", b"nope", "text/plain")},
        ).json()["detail"]
    assert "PDF" in ko and "보낼 수" in ko
    assert en.startswith("Only photos")


def test_files_are_purged_after_retention_and_everything_is_audited(make_stack):
    stack = make_stack(retention_s=0.5)
    with stack.client() as http:
        token = stack.new_session(http)
        upload(http, token, "a.jpg", jpeg_bytes())
        submit(http, token)
        wait_for(
            lambda: http.get(f"/api/sessions/{token}").json()["files"] == [],
            what="purge after retention",
        )
        assert http.get(f"/api/sessions/{token}").json()["state"] == "delivered"
    assert not list((stack.cfg.data_path / "files").iterdir())
    with stack.app.state.docdrop.db() as db:
        events = [e.event for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        details = " ".join(e.detail or "" for e in db.scalars(select(AuditEvent)))
    assert events == ["session_created", "file_added", "submitted", "delivered", "purged"]
    assert "홍길동" not in details and "010" not in details


def test_base_path_for_a_reverse_proxy(make_stack):
    stack = make_stack(base_path="/docdrop", public_url="https://docs.example.go.kr")
    with stack.client() as http:
        r = http.post("/api/sessions")
        assert r.json()["upload_url"].startswith("https://docs.example.go.kr/docdrop/u/")
        token = r.json()["token"]
        assert http.get(f"/u/{token}").status_code == 200
        assert http.get("/static/phone.js").status_code == 200
        assert http.get("/openapi.json").status_code == 200


def test_png_text_and_exif_chunks_are_dropped(stack):
    from PIL import PngImagePlugin

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "GPS 37.5665 126.9780")
    raw = io.BytesIO()
    Image.new("RGB", (80, 60), "red").save(raw, "PNG", exif=exif, pnginfo=text)
    with stack.client() as http:
        token = stack.new_session(http)
        file_id = upload(http, token, "map.png", raw.getvalue(), "image/png").json()["id"]
    stored = b"".join(
        iter_decrypted(stack.cfg.data_path / "files" / file_id, stack.cfg.encryption_key())
    )
    assert b"PhoneMaker" not in stored and b"126.9780" not in stored
    assert Image.open(io.BytesIO(stored)).size == (80, 60)


def test_files_left_by_a_crash_are_cleaned_up_but_recorded_ones_kept(make_stack):
    import os

    from kiosk_ui.docdrop.delivery import purge

    stack = make_stack(upload_total_timeout_s=1)
    with stack.client() as http:
        token = stack.new_session(http)
        kept = upload(http, token, "a.jpg", jpeg_bytes()).json()["id"]
    files = stack.cfg.data_path / "files"
    half = files / "0123456789abcdef0123456789abcdef.part"
    unrecorded = files / "fedcba9876543210fedcba9876543210"
    for path in (half, unrecorded):
        path.write_bytes(b"crash leftovers")
    old = time.time() - 3600
    for path in (half, unrecorded, files / kept):
        os.utime(path, (old, old))
    purge(stack.app.state.docdrop)
    assert sorted(p.name for p in files.iterdir()) == [kept]
