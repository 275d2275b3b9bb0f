"""One uploaded file: stream the multipart body to an encrypted file, decide its type by content,
re-encode images without metadata. Nothing here trusts the file name or the declared type."""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
import time
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps
from python_multipart.multipart import MultipartParser, parse_options_header

from kiosk_ui.docdrop.crypto import EncryptedWriter, iter_decrypted

try:  # HEIC (iPhone photos) only if a decoder is installed
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:  # pragma: no cover - depends on the machine
    HEIC_SUPPORTED = False

HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"}
# PDF features that run code or carry other files; such PDFs are refused, not "cleaned".
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")
MULTIPART_OVERHEAD = 64 * 1024


class UploadRejected(Exception):
    """The upload cannot be accepted; `code` names the i18n message, `status` the HTTP status."""

    def __init__(self, status: int, code: str, **fmt: object):
        super().__init__(code)
        self.status = status
        self.code = code
        self.fmt = fmt


@dataclass
class ReceivedFile:
    tmp_path: Path
    display_name: str
    kind: str  # jpeg | png | heic | pdf
    size_bytes: int
    sha256: str


def sniff(head: bytes) -> str | None:
    """The file type from its first bytes, or None if it is not one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if HEIC_SUPPORTED and len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "heic"
    return None


def safe_display_name(raw: str | None) -> str:
    """A name to show people: last path component only, no control characters, bounded."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    return name[:80] or "document"


async def _chunks_with_deadlines(
    stream: AsyncIterator[bytes], idle_s: float, total_s: float
) -> AsyncIterator[bytes]:
    """Re-yield body chunks, cutting off uploads that stall or drag on (slow loris)."""
    deadline = time.monotonic() + total_s
    iterator = stream.__aiter__()
    while True:
        wait_s = min(idle_s, deadline - time.monotonic())
        if wait_s <= 0:
            raise UploadRejected(408, "err_slow_upload")
        try:
            chunk = await asyncio.wait_for(iterator.__anext__(), timeout=wait_s)
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise UploadRejected(408, "err_slow_upload") from None
        yield chunk


class _FilePart:
    """Callbacks for python-multipart: the first part named 'file' goes to an encrypted file."""

    def __init__(self, tmp_path: Path, key: bytes, max_bytes: int):
        self.tmp_path = tmp_path
        self.key = key
        self.max_bytes = max_bytes
        self.writer: EncryptedWriter | None = None
        self.header_field = b""
        self.headers: dict[bytes, bytes] = {}
        self.in_file_part = False
        self.done = False
        self.ended = False
        self.filename: str | None = None
        self.head = b""
        self.tail = b""
        self.pdf_active = False
        self.sha = hashlib.sha256()
        self.error: UploadRejected | None = None

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
            "on_end": self._end,
        }

    def _part_begin(self) -> None:
        self.headers = {}
        self.header_field = b""

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field = data[start:end].lower()

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self.headers[self.header_field] = (
            self.headers.get(self.header_field, b"") + data[start:end]
        )

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self.headers.get(b"content-disposition", b""))
        if params.get(b"name") == b"file" and not self.done and self.writer is None:
            raw = params.get(b"filename", b"")
            self.filename = raw.decode("utf-8", "replace")
            self.writer = EncryptedWriter(self.tmp_path, self.key)
            self.in_file_part = True

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if not self.in_file_part or self.error:
            return
        piece = data[start:end]
        assert self.writer is not None
        if self.writer.plain_bytes + len(piece) > self.max_bytes:
            self.error = UploadRejected(413, "err_too_large")
            return
        if len(self.head) < 16:
            self.head = (self.head + piece)[:16]
        window = self.tail + piece
        if PDF_ACTIVE.search(window):
            self.pdf_active = True
        self.tail = window[-1024:]
        self.sha.update(piece)
        self.writer.write(piece)

    def _part_end(self) -> None:
        if self.in_file_part:
            self.in_file_part = False
            self.done = True

    def _end(self) -> None:
        self.ended = True


async def receive_file(
    stream: AsyncIterator[bytes],
    content_type: str,
    tmp_path: Path,
    key: bytes,
    max_bytes: int,
    idle_timeout_s: float,
    total_timeout_s: float,
) -> ReceivedFile:
    """Read one multipart/form-data body with a 'file' field; the plaintext never touches disk."""
    ctype, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise UploadRejected(400, "err_no_file")
    part = _FilePart(tmp_path, key, max_bytes)
    parser = MultipartParser(boundary, part.callbacks())
    total = 0
    try:
        async for chunk in _chunks_with_deadlines(stream, idle_timeout_s, total_timeout_s):
            total += len(chunk)
            if total > max_bytes + MULTIPART_OVERHEAD or part.error:
                raise part.error or UploadRejected(413, "err_too_large")
            try:
                parser.write(chunk)
            except Exception:  # python-multipart raises several types for malformed bodies
                raise UploadRejected(400, "err_bad_upload") from None
        parser.finalize()
        if part.error:
            raise part.error
        if part.writer is None:
            raise UploadRejected(400, "err_no_file")
        if not part.done or not part.ended:
            raise UploadRejected(400, "err_bad_upload")
        kind = sniff(part.head)
        if kind is None:
            raise UploadRejected(415, "err_bad_type")
        if kind == "pdf":
            if b"%%EOF" not in part.tail:
                raise UploadRejected(415, "err_bad_type")
            if part.pdf_active:
                raise UploadRejected(415, "err_pdf_active")
        part.writer.close()
    except BaseException:
        if part.writer is not None:
            part.writer.abort()
        raise
    return ReceivedFile(
        tmp_path=tmp_path,
        display_name=safe_display_name(part.filename),
        kind=kind,
        size_bytes=part.writer.plain_bytes,
        sha256=part.sha.hexdigest(),
    )


def reencode_image(
    src: Path, dest: Path, key: bytes, kind: str, max_pixels: int
) -> tuple[str, int, str]:
    """Decode an encrypted image and write it again without EXIF/GPS/text chunks.

    Returns (kind, size_bytes, sha256) of the new file. Upright orientation is kept by
    applying the EXIF rotation before it is dropped. Runs in a worker thread (CPU-bound).
    """
    buf = io.BytesIO()  # Pillow needs a seekable file; bounded by max_file_bytes
    for chunk in iter_decrypted(src, key):
        buf.write(chunk)
    buf.seek(0)
    try:
        upright = Image.open(buf)
        if upright.width * upright.height > max_pixels:
            raise UploadRejected(413, "err_too_large")
        upright.load()
        del buf  # the compressed copy is no longer needed
        ImageOps.exif_transpose(upright, in_place=True)  # no second full-size copy
    except UploadRejected:
        raise
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise UploadRejected(415, "err_bad_image") from None
    out_kind = "png" if kind == "png" else "jpeg"
    out = io.BytesIO()
    if out_kind == "png":
        if upright.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            upright = upright.convert("RGBA")
        upright.save(out, format="PNG", optimize=False)
    else:
        if upright.mode not in ("L", "RGB"):
            upright = upright.convert("RGB")
        upright.save(out, format="JPEG", quality=88, optimize=False)
    data = out.getvalue()
    with EncryptedWriter(dest, key) as writer:
        writer.write(data)
    return out_kind, len(data), hashlib.sha256(data).hexdigest()
