"""Nav2 map images (8-bit PGM): one reader and writer for the sim, the navigator and the checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np


class PgmError(ValueError):
    """A map image that is not an 8-bit PGM; the message names the file."""


def read_pgm(path: Path | str, bottom_up: bool = True) -> np.ndarray:
    """Pixels of a binary (P5) or ASCII (P2) 8-bit PGM as uint8.

    bottom_up=True returns row 0 = the bottom of the image, the order of nav_msgs/OccupancyGrid
    (map_server reads row 0 of the file as the top of the map)."""
    path = Path(path)
    raw = path.read_bytes()
    tokens: list[bytes] = []
    pos = 0
    while len(tokens) < 4:
        while raw[pos : pos + 1].isspace():
            pos += 1
        if raw[pos : pos + 1] == b"#":
            pos = raw.index(b"\n", pos) + 1
            continue
        start = pos
        while pos < len(raw) and not raw[pos : pos + 1].isspace():
            pos += 1
        if start == pos:
            raise PgmError(f"{path}: truncated PGM header")
        tokens.append(raw[start:pos])
    magic = tokens[0]
    try:
        width, height, maxval = int(tokens[1]), int(tokens[2]), int(tokens[3])
    except ValueError:
        raise PgmError(f"{path}: not a PGM image (bad header)") from None
    if maxval > 255:
        raise PgmError(f"{path}: only 8-bit PGM maps are supported (maxval {maxval})")
    if magic == b"P5":
        if len(raw) < pos + 1 + width * height:
            raise PgmError(f"{path}: truncated PGM data")
        pixels = np.frombuffer(raw, dtype=np.uint8, count=width * height, offset=pos + 1)
    elif magic == b"P2":
        pixels = np.array(raw[pos:].split(), dtype=np.uint8)[: width * height]
    else:
        raise PgmError(f"{path}: not a PGM image (magic {magic!r})")
    image = pixels.reshape(height, width)
    return np.flipud(image) if bottom_up else image


def pgm_bytes(pixels_bottom_up: np.ndarray) -> bytes:
    """A binary PGM of pixels given bottom row first (flipped to map_server's top-first order)."""
    img = np.ascontiguousarray(np.flipud(pixels_bottom_up).astype(np.uint8))
    h, w = img.shape
    return f"P5\n{w} {h}\n255\n".encode() + img.tobytes()
