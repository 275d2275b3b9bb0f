"""The one error type for bad content: it always names the file and line a person must fix."""

from __future__ import annotations

from pathlib import Path


class ContentError(ValueError):
    """Malformed or inconsistent content, located at file:line."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(self.where() + ": " + message)

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


class ContentErrors(ValueError):
    """Several content errors found at once (a checker reports all, not only the first)."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
