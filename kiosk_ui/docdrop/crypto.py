"""Files at rest: chunked AES-256-GCM, so a file is written and read as a stream, never whole.

Layout: MAGIC, 8-byte random nonce prefix, then records (4-byte length, ciphertext). Record i uses
nonce = prefix + i (4 bytes) and associated data = i + last-flag, so reordering, truncation or
appending is detected when reading.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"DDE1"
CHUNK = 64 * 1024


class CorruptFile(Exception):
    """An encrypted file was altered, truncated, or written with another key."""


class EncryptedWriter:
    """Write plaintext in any pieces; it reaches disk only as encrypted records."""

    def __init__(self, path: Path, key: bytes):
        self.path = path
        self._aead = AESGCM(key)
        self._prefix = os.urandom(8)
        self._index = 0
        self._buf = bytearray()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._out = os.fdopen(fd, "wb")
        self._out.write(MAGIC + self._prefix)
        self.plain_bytes = 0

    def write(self, data: bytes) -> int:
        self._buf += data
        self.plain_bytes += len(data)
        while len(self._buf) > CHUNK:
            self._emit(bytes(self._buf[:CHUNK]), last=False)
            del self._buf[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, last: bool) -> None:
        nonce = self._prefix + struct.pack(">I", self._index)
        aad = struct.pack(">I?", self._index, last)
        sealed = self._aead.encrypt(nonce, plain, aad)
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._index += 1

    def close(self) -> None:
        if self._out.closed:
            return
        self._emit(bytes(self._buf), last=True)
        self._buf.clear()
        self._out.flush()
        os.fsync(self._out.fileno())
        self._out.close()

    def abort(self) -> None:
        """Close and delete a half-written file."""
        if not self._out.closed:
            self._out.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> EncryptedWriter:
        return self

    def __exit__(self, exc_type, *_: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def iter_decrypted(path: Path, key: bytes) -> Iterator[bytes]:
    """Yield the plaintext of an encrypted file chunk by chunk; raise CorruptFile if altered."""
    aead = AESGCM(key)
    with open(path, "rb") as src:
        head = src.read(len(MAGIC) + 8)
        if len(head) != len(MAGIC) + 8 or not head.startswith(MAGIC):
            raise CorruptFile(f"{path.name}: not a docdrop encrypted file")
        prefix = head[len(MAGIC) :]
        index = 0
        while True:
            size_raw = src.read(4)
            if len(size_raw) != 4:
                raise CorruptFile(f"{path.name}: truncated")
            (size,) = struct.unpack(">I", size_raw)
            if size > CHUNK + 16:
                raise CorruptFile(f"{path.name}: bad record size")
            sealed = src.read(size)
            nonce = prefix + struct.pack(">I", index)
            for last in (False, True):
                try:
                    plain = aead.decrypt(nonce, sealed, struct.pack(">I?", index, last))
                    break
                except InvalidTag:
                    continue
            else:
                raise CorruptFile(f"{path.name}: altered or wrong key")
            yield plain
            if last:
                if src.read(1):
                    raise CorruptFile(f"{path.name}: data after the last record")
                return
            index += 1
