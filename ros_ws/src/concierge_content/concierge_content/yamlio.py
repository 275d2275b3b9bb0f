"""YAML loading that remembers the line of every value, so errors can say file:line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from concierge_content.errors import ContentError, ContentErrors

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass
class YamlDoc:
    """Parsed YAML plus the 1-based line of each value, keyed by its path of keys/indexes."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc) -> int:
        """The line of loc, or of its nearest parent that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def error(self, loc: Loc, message: str) -> ContentError:
        return ContentError(self.path, self.line(loc), message)

    def validate(self, model: type[M], loc: Loc = ()) -> M:
        """Validate the value at loc against a pydantic model; errors point at lines."""
        value = self.data
        for key in loc:
            value = value[key]
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            raise ContentErrors([self._to_error(loc, e) for e in exc.errors()]) from None

    def _to_error(self, base: Loc, err: dict) -> ContentError:
        loc = tuple(base) + tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        where = ".".join(str(p) for p in loc) or "(top)"
        return self.error(loc, f"{where}: {err['msg']}")


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in out:
                raise ContentError("", key_node.start_mark.line + 1, f"duplicate key {key!r}")
            lines[loc + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, loc + (key,), lines)
            lines[loc + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, loc + (i,), lines) for i, child in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    return loader.construct_object(node, deep=True)


def load_yaml(path: Path | str) -> YamlDoc:
    """Parse one YAML file; a syntax error becomes a ContentError with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(path, None, f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ContentError(path, None, "not UTF-8 text") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ContentError(path, line, f"YAML syntax: {exc.problem or exc.context}") from None
    lines: dict[Loc, int] = {}
    if node is None:
        return YamlDoc(path, None, {(): 1})
    try:
        data = _build(node, (), lines)
    except ContentError as exc:
        raise ContentError(path, exc.line, exc.message) from None
    return YamlDoc(path, data, lines)
