"""A static import graph of a Python tree (ast; nothing is imported or run), its cycles and
its forbidden edges, for tests/test_architecture.py.

Every import counts, each with its kind: module level (eager); inside a function (lazy: still a
cycle of design, only hidden until the function runs); under `if TYPE_CHECKING:` (type-only: the
two modules still know each other); a registry that names a module in a string for importlib
(by name: e.g. "pkg.module" or "pkg.module:Class"; `python -m pkg.module` in a command line
starts a process and is not an import). Messages name each edge with its file:line.
"""

from __future__ import annotations

import ast
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

EAGER, LAZY, BY_NAME, TYPE_ONLY = "eager", "lazy", "by name", "type-only"
KIND_ORDER = (EAGER, LAZY, BY_NAME, TYPE_ONLY)


@dataclass(frozen=True)
class Edge:
    source: str  # importing module
    target: str  # imported module (project) or top-level name (third party)
    where: str  # path:line of the import statement
    kind: str  # one of KIND_ORDER
    internal: bool = True  # False: a third-party (or standard library) top-level name

    def __str__(self) -> str:
        tag = "" if self.kind == EAGER else f", {self.kind}"
        return f"{self.source} -> {self.target} ({self.where}{tag})"


def package_dirs(repo: Path, extra: tuple[str, ...] = ()) -> dict[str, Path]:
    """Top-level project package -> its folder: each ros_ws/src/<pkg>/<pkg>/ and the extra
    folders (relative to repo) that hold a package."""
    dirs = {Path(d).name: repo / d for d in extra}
    for init in sorted((repo / "ros_ws" / "src").glob("*/*/__init__.py")):
        dirs[init.parent.name] = init.parent
    return {name: d for name, d in dirs.items() if (d / "__init__.py").is_file()}


def module_files(packages: dict[str, Path]) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the given packages."""
    modules = {}
    for name, folder in packages.items():
        for path in sorted(folder.rglob("*.py")):
            parts = [name, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST, kind: str = EAGER):
    """(statement, kind) for every import statement and importlib.import_module("literal")."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node, kind
        return
    if (
        isinstance(node, ast.Call)
        and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        stmt = ast.Import(names=[ast.alias(name=node.args[0].value)])
        yield ast.copy_location(stmt, node), LAZY if kind == EAGER else kind
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and kind == EAGER:
        kind = LAZY
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        for stmt in node.body:
            yield from _imports(stmt, TYPE_ONLY)
        for stmt in node.orelse:
            yield from _imports(stmt, kind)
        return
    for child in ast.iter_child_nodes(node):
        yield from _imports(child, kind)


def _named_modules(tree: ast.AST, modules) -> list[tuple[str, int]]:
    """Registries that import by name: a string that is exactly a dotted project module, or
    "module:attribute" (the kiosk's MODES, the concierge CLI's SUBCOMMANDS, uvicorn's app).
    `python -m module` in a command line starts a process; it imports nothing here."""
    programs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple)):
            for flag, arg in zip(node.elts, node.elts[1:], strict=False):
                if isinstance(flag, ast.Constant) and flag.value == "-m":
                    programs.add(id(arg))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            name = node.value.partition(":")[0]
            if "." in name and name in modules and id(node) not in programs:
                found.append((name, node.lineno))
    return found


def import_edges(packages: dict[str, Path], repo: Path) -> list[Edge]:
    """Every import in the packages: to one of their modules, or to a third-party top-level
    name (paths in messages relative to repo)."""
    modules = module_files(packages)
    edges = []
    for module, path in sorted(modules.items()):
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, kind in _imports(tree):
            where = f"{path.relative_to(repo)}:{node.lineno}"
            for target in _targets(node, module, is_package, modules):
                if target in modules and target != module:
                    edges.append(Edge(module, target, where, kind))
                elif target not in modules and target not in packages:
                    edges.append(Edge(module, target, where, kind, internal=False))
        for target, line in _named_modules(tree, modules):
            if target != module:
                edges.append(Edge(module, target, f"{path.relative_to(repo)}:{line}", BY_NAME))
    return edges


def _targets(node, module: str, is_package: bool, modules) -> list[str]:
    """The modules an import statement loads: the deepest project module each name resolves
    to (a package's __init__ when the name is not a submodule), else the top-level name."""
    if isinstance(node, ast.Import):
        return [_deepest(alias.name, modules) for alias in node.names]
    if node.level:
        base = module.split(".")
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    out = []
    for alias in node.names:
        full = f"{prefix}.{alias.name}"
        out.append(full if full in modules else _deepest(prefix, modules))
    return out


def _deepest(name: str, modules) -> str:
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in modules:
            return candidate
    return parts[0]


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative); components with more than one member, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def _shortest_cycle(start: str, members: set[str], graph: dict[str, set[str]]) -> list[str]:
    """start -> ... -> start inside one strongly connected component (breadth first)."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"{start} is in no cycle")


def cycles(edges: list[Edge], level: str) -> list[str]:
    """One line per import cycle: every cycle's members, and one shortest loop through them
    with the import statements that make it. level: "module" or "package"."""

    def node(name: str) -> str:
        return name if level == "module" else name.split(".")[0]

    graph: dict[str, set[str]] = defaultdict(set)
    why: dict[tuple[str, str], list[Edge]] = defaultdict(list)
    for e in sorted(edges, key=lambda e: (KIND_ORDER.index(e.kind), e.where)):
        a, b = node(e.source), node(e.target)
        if a != b and e.internal:
            graph[a].add(b)
            graph.setdefault(b, set())
            why[a, b].append(e)
    found = []
    for component in _strongly_connected(graph):
        loop = _shortest_cycle(component[0], set(component), graph)
        steps = list(zip(loop, loop[1:], strict=False))
        import_time = all(why[a, b][0].kind == EAGER for a, b in steps)
        lines = [
            f"{level} cycle {' -> '.join(loop)}"
            + ("" if len(component) == len(steps) else f" (all in it: {', '.join(component)})")
            + ("" if import_time else " [not at import time: lazy, by-name or type-only edges]")
        ]
        for a, b in steps:
            shown = why[a, b] if level == "package" else why[a, b][:1]
            lines += [f"    {e}" for e in shown]
        found.append("\n".join(lines))
    return found


def forbidden(edges: list[Edge], rules: dict[tuple[str, str], str]) -> list[str]:
    """One line per edge that breaks a rule: (importer, imported) top-level names -> why not."""
    found = []
    for e in edges:
        a, b = e.source.split(".")[0], e.target.split(".")[0]
        reason = rules.get((a, b))
        if reason:
            found.append(f"{a} must not import {b} ({reason}): {e}")
    return sorted(found)


def role_literals(packages: dict[str, Path], role_places: dict[str, str], repo: Path) -> list[str]:
    """file:line for every string constant that is a place id playing a site role
    (role_places: place id -> which role at which site)."""
    found = []
    for path in sorted(module_files(packages).values()):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in role_places:
                found.append(
                    f"{path.relative_to(repo)}:{node.lineno}: {node.value!r} is the "
                    f"{role_places[node.value]} place; ask SiteContent.role() / places.role()"
                )
    return found
