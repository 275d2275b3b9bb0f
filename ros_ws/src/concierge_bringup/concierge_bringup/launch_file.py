"""Read the ROS 2 YAML launch format (the subset we use) into a flat list of node commands.

Supported: `arg` (name, default), `let`, `include` (file, arg), `node` (pkg, exec, name,
namespace, param: name/value or from, remap, ros_args, respawn, required, if/unless), `group`
(with `scoped` ignored), and the substitutions $(var X), $(env X [default]), $(dirname),
$(find-pkg-share PKG), and $(eval EXPR) for small arithmetic and comparisons on literals (e.g.
`if: "$(eval '$(var robots) >= 2')"`; no names, calls or attributes). The same files run with
`ros2 launch`.
"""

from __future__ import annotations

import ast
import operator
import os
import re
import shlex
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml

# innermost first: an argument holds no "$(", so $(eval '$(var n) > 1') resolves the var first
_SUBST = re.compile(r"\$\(([a-z-]+)(?:\s+((?:(?!\$\()[^)])*))?\)")


class LaunchError(ValueError):
    """A launch file that cannot be run; the message names the file and the problem."""


@dataclass
class NodeSpec:
    pkg: str
    exec: str
    name: str
    namespace: str = ""
    params: list[tuple[str, str]] = field(default_factory=list)  # (name, value as YAML text)
    param_files: list[Path] = field(default_factory=list)
    remaps: list[tuple[str, str]] = field(default_factory=list)
    extra_ros_args: list[str] = field(default_factory=list)
    required: bool = True  # when it exits, the whole launch stops (ROS: on_exit shutdown)
    source: Path | None = None

    @property
    def full_name(self) -> str:
        """'robot2/navigator' for a node in a namespace, else its name (as stacks name it)."""
        ns = self.namespace.strip("/")
        return f"{ns}/{self.name}" if ns else self.name

    def command(self) -> list[str]:
        module, attr = _entry_point(self.pkg, self.exec)
        cmd = [
            sys.executable,
            "-c",
            f"import sys; from {module} import {attr} as m; sys.exit(m())",
            "--ros-args",
            "-r",
            f"__node:={self.name}",
        ]
        if self.namespace.strip("/"):
            # rcl wants a fully qualified namespace; ros2 launch makes `robot1` into `/robot1`
            cmd += ["-r", f"__ns:=/{self.namespace.strip('/')}"]
        for path in self.param_files:
            cmd += ["--params-file", str(path)]
        for key, value in self.params:
            # rcl reads a value as YAML and refuses an empty one: '' is the empty string
            cmd += ["-p", f"{key}:={value}" if str(value) != "" else f"{key}:=''"]
        for src, dst in self.remaps:
            cmd += ["-r", f"{src}:={dst}"]
        return cmd + self.extra_ros_args


def _entry_point(pkg: str, exe: str) -> tuple[str, str]:
    try:
        dist = metadata.distribution(pkg)
    except metadata.PackageNotFoundError:
        raise LaunchError(f"package {pkg!r} is not installed (run `make setup`)") from None
    for ep in dist.entry_points:
        if ep.group == "console_scripts" and ep.name == exe:
            module, _, attr = ep.value.partition(":")
            return module.strip(), attr.strip()
    raise LaunchError(f"package {pkg!r} has no executable {exe!r}")


def _share_dir(pkg: str) -> str:
    prefix = Path(sys.prefix) / "share" / pkg
    if prefix.is_dir():
        return str(prefix)
    raise LaunchError(f"$(find-pkg-share {pkg}): no share folder for {pkg!r}")


class _Context:
    def __init__(self, path: Path, variables: dict[str, str]):
        self.path = path
        self.vars = dict(variables)

    def sub(self, value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        text = str(value)

        def repl(m: re.Match) -> str:
            kind, rest = m.group(1), (m.group(2) or "").strip()
            if kind == "var":
                if rest not in self.vars:
                    raise LaunchError(f"{self.path}: $(var {rest}) is not declared")
                return self.vars[rest]
            if kind == "env":
                parts = shlex.split(rest)
                return os.environ.get(parts[0], parts[1] if len(parts) > 1 else "")
            if kind == "dirname":
                return str(self.path.parent)
            if kind == "find-pkg-share":
                return _share_dir(rest)
            if kind == "eval":
                return _eval(rest, self.path)
            raise LaunchError(f"{self.path}: unsupported substitution $({kind})")

        # substitutions nest (innermost first) and values may hold more: until none is left
        for _ in range(8):
            text, n = _SUBST.subn(repl, text)
            if not n:
                break
        return text

    def truthy(self, value: object) -> bool:
        return self.sub(value).strip().lower() in ("true", "1", "yes", "on")


_OPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Not: operator.not_, ast.USub: operator.neg,
}  # fmt: skip


def _eval(expr: str, where: Path) -> str:
    """$(eval EXPR) as ROS 2 launch's PythonExpression, for literals only: numbers, strings,
    True/False, + - *, comparisons, and/or/not. A bool comes out as true/false."""
    expr = expr.strip()
    if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "'\"":
        expr = expr[1:-1]

    def ev(node: ast.AST):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str | bool):
            return node.value
        if isinstance(node, ast.Name) and node.id in ("true", "false"):
            return node.id == "true"
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.operand))
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.BoolOp):
            values = [ev(v) for v in node.values]
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.Compare):
            left = ev(node.left)
            for op, right_node in zip(node.ops, node.comparators, strict=True):
                right = ev(right_node)
                if type(op) not in _OPS or not _OPS[type(op)](left, right):
                    return False
                left = right
            return True
        raise ValueError(f"only literals, + - * and comparisons are supported, not {node!r}")

    try:
        value = ev(ast.parse(expr, mode="eval"))
    except (SyntaxError, ValueError, TypeError) as exc:
        raise LaunchError(f"{where}: $(eval {expr}): {exc}") from None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def load_launch(path: Path | str, args: dict[str, str] | None = None) -> list[NodeSpec]:
    """Resolve a launch file (and its includes) into the nodes to start, in order."""
    path = Path(path).resolve()
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LaunchError(f"cannot read launch file {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise LaunchError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("launch"), list):
        raise LaunchError(f"{path}: expected a top-level 'launch:' list")
    ctx = _Context(path, {})
    given = {k: str(v) for k, v in (args or {}).items()}
    nodes: list[NodeSpec] = []
    _walk(doc["launch"], ctx, given, nodes)
    return nodes


def _walk(items: list, ctx: _Context, given: dict[str, str], nodes: list[NodeSpec]) -> None:
    for item in items:
        if not isinstance(item, dict) or len(item) != 1:
            raise LaunchError(f"{ctx.path}: each launch entry must be one of arg/node/include/...")
        ((kind, body),) = item.items()
        body = body or {}
        if "if" in body and not ctx.truthy(body["if"]):
            continue
        if "unless" in body and ctx.truthy(body["unless"]):
            continue
        if kind == "arg":
            name = body["name"]
            if name in given:
                ctx.vars[name] = given[name]
            elif "default" in body:
                ctx.vars[name] = ctx.sub(body["default"])
            else:
                raise LaunchError(f"{ctx.path}: argument {name!r} is required")
        elif kind == "let":
            ctx.vars[body["name"]] = ctx.sub(body["value"])
        elif kind == "include":
            inc = Path(ctx.sub(body["file"]))
            if not inc.is_absolute():
                inc = ctx.path.parent / inc
            inc_args = {a["name"]: ctx.sub(a["value"]) for a in body.get("arg", [])}
            nodes.extend(load_launch(inc, inc_args))
        elif kind == "group":
            _walk(body.get("launch", body.get("actions", [])), ctx, given, nodes)
        elif kind == "node":
            nodes.append(_node(body, ctx))
        else:
            raise LaunchError(f"{ctx.path}: unsupported launch entry {kind!r}")


def _node(body: dict, ctx: _Context) -> NodeSpec:
    for key in ("pkg", "exec"):
        if key not in body:
            raise LaunchError(f"{ctx.path}: node needs {key!r}")
    spec = NodeSpec(
        pkg=ctx.sub(body["pkg"]),
        exec=ctx.sub(body["exec"]),
        name=ctx.sub(body.get("name", body["exec"])),
        namespace=ctx.sub(body.get("namespace", "")),
        required=body.get("required", True) not in (False, "false"),
        source=ctx.path,
    )
    for p in body.get("param", []):
        if "from" in p:
            file = Path(ctx.sub(p["from"]))
            if not file.is_file():
                raise LaunchError(f"{ctx.path}: params file {file} does not exist")
            spec.param_files.append(file)
        else:
            spec.params.append((p["name"], ctx.sub(p["value"])))
    for r in body.get("remap", []):
        spec.remaps.append((ctx.sub(r["from"]), ctx.sub(r["to"])))
    if "ros_args" in body:
        spec.extra_ros_args += shlex.split(ctx.sub(body["ros_args"]))
    return spec
