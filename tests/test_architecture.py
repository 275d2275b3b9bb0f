"""One-way architecture (issue 14): no import cycle among the project's modules or packages, no
forbidden dependency, and tests/ mirrors the source layout.

The import graph (tests/import_graph.py) is read statically from the source, so nothing is
imported or run. Every import counts: module level; inside a function ("lazy": still a cycle of
design, only hidden until the function runs); under `if TYPE_CHECKING:` ("type-only"); and a
registry that names a module in a string for importlib ("by name": the concierge CLI's
SUBCOMMANDS, the kiosk's MODES). Messages name each edge with its file:line and say which
cycles are not made at import time.
"""

from __future__ import annotations

import functools
from pathlib import Path

from concierge_content.places import load_places
from import_graph import (
    BY_NAME,
    EAGER,
    LAZY,
    Edge,
    cycles,
    forbidden,
    import_edges,
    module_files,
    package_dirs,
    role_literals,
)

REPO = Path(__file__).resolve().parents[1]

# Where the project's top-level packages live; every package under ros_ws/src is found by itself
# (so a new one, e.g. concierge_dialog, is checked as soon as it exists).
EXTRA_PACKAGE_DIRS = ("kiosk_ui", "sim/concierge_sim")

# (importer, imported) -> why not; both are top-level names (a package or a third-party one).
BOTTOM = "content is the bottom layer: everything reads content, content reads nothing of ours"
NO_ROS = "content is plain Python, no ROS"
FORBIDDEN: dict[tuple[str, str], str] = {
    ("concierge_navigation", "concierge_sim"): "navigation must never depend on the simulator",
    ("concierge_speech", "concierge_robot"): "speech uses the dialog package, not the robot",
    **{
        ("concierge_content", package): BOTTOM
        for package in (
            "concierge_robot",
            "kiosk_ui",
            "concierge_navigation",
            "concierge_sim",
            "concierge_speech",
            "concierge_bringup",
            "concierge_dialog",
        )
    },
    ("concierge_content", "rclpy"): NO_ROS,
    ("concierge_content", "concierge_interfaces"): NO_ROS,
}

# Packages that ask content for a site's roles (home, dock, staff_office) and never name the
# places that play them (every package of ours but content itself and the simulator's scenarios).
ROLE_FREE_PACKAGES = (
    "kiosk_ui",
    "concierge_robot",
    "concierge_dialog",
    "concierge_navigation",
    "concierge_bringup",
    "concierge_speech",
    "concierge_paging",
)

# tests/<area>/ -> the source it tests: a project package or subpackage (dotted), or, for the
# areas that test files rather than Python, a path in the repository.
MIRROR: dict[str, str] = {
    "bringup": "concierge_bringup",
    "console": "kiosk_ui.console",
    "content": "concierge_content",
    "deploy": "Dockerfile",
    "dialog": "concierge_dialog",
    "docdrop": "kiosk_ui.docdrop",
    "e2e": "launch",  # whole missions on the stack the launch files start
    "interview": "kiosk_ui.interview",
    "kiosk": "kiosk_ui",
    "lockstep": "concierge_lockstep",
    "navigation": "concierge_navigation",
    "paging": "concierge_paging",
    "robot": "concierge_robot",
    "robot_screen": "kiosk_ui.robot_screen",
    "sim": "concierge_sim",
    "speech": "concierge_speech",
    "training": "kiosk_ui.training",
}
# Folders inside an area that hold test data, not tests of a subpackage.
DATA_DIRS = {"data", "__pycache__"}


# ---- the tests ---------------------------------------------------------------------------
def project_packages() -> dict[str, Path]:
    return package_dirs(REPO, EXTRA_PACKAGE_DIRS)


@functools.cache
def _project_edges() -> tuple[Edge, ...]:
    return tuple(import_edges(project_packages(), REPO))


def test_no_import_cycle_between_modules():
    found = cycles(list(_project_edges()), "module")
    assert not found, "import cycles:\n" + "\n".join(found)


def test_no_import_cycle_between_packages():
    found = cycles(list(_project_edges()), "package")
    assert not found, "package cycles:\n" + "\n".join(found)


def test_no_forbidden_dependency():
    found = forbidden(list(_project_edges()), FORBIDDEN)
    assert not found, "forbidden imports:\n" + "\n".join(found)


def test_site_roles_come_from_content_not_from_literals():
    role_places = {}
    for places_yaml in sorted((REPO / "content" / "sites").glob("*/places.yaml")):
        site = load_places(places_yaml.parent.name)
        role_places.update({pid: f"{site.site} {role}" for role, pid in site.roles.items()})
    assert role_places, "no site declares roles in places.yaml"
    packages = {n: d for n, d in project_packages().items() if n in ROLE_FREE_PACKAGES}
    found = role_literals(packages, role_places, REPO)
    assert not found, "site roles written as literals:\n" + "\n".join(found)


def test_every_test_area_mirrors_a_source_package_and_every_package_is_tested():
    packages = project_packages()
    subpackages = {m for m, path in module_files(packages).items() if path.name == "__init__.py"}
    tests = REPO / "tests"
    areas = sorted(p.name for p in tests.iterdir() if p.is_dir() and p.name not in DATA_DIRS)
    problems = [f"tests/{a}/ is not in the MIRROR table" for a in areas if a not in MIRROR]
    problems += [
        f"MIRROR names tests/{a}/, which does not exist" for a in MIRROR if a not in areas
    ]
    for area, source in sorted(MIRROR.items()):
        if source not in subpackages and not (REPO / source).exists():
            problems.append(
                f"tests/{area}/ mirrors {source}, which is neither a package nor a path"
            )
        for sub in sorted((tests / area).glob("*/test_*.py")) if area in areas else ():
            if f"{source}.{sub.parent.name}" not in subpackages:
                problems.append(
                    f"tests/{area}/{sub.parent.name}/ mirrors no subpackage "
                    f"{source}.{sub.parent.name}"
                )
    tested = {source.split(".")[0] for source in MIRROR.values()}
    problems += [f"package {p} has no tests/<area>/" for p in sorted(packages) if p not in tested]
    assert not problems, "\n".join(problems)


# ---- the checker checks itself on a made-up tree -----------------------------------------
def _tree(root: Path, files: dict[str, str]) -> dict[str, Path]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {d.name: d for d in root.iterdir() if d.is_dir()}


def test_checker_names_each_edge_of_a_cycle_and_says_which_are_lazy(tmp_path):
    packages = _tree(
        tmp_path,
        {
            "alpha/__init__.py": "",
            "alpha/view.py": "from alpha.mode import HOME\n",
            "alpha/mode.py": "HOME = 1\ndef build():\n    from alpha import view\n",
            "alpha/types.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from beta.core import Thing\n",
            "beta/__init__.py": "",
            "beta/core.py": "import alpha.types\nimport rclpy\n",
        },
    )
    edges = import_edges(packages, repo=tmp_path)
    assert Edge("beta.core", "rclpy", "beta/core.py:2", EAGER, internal=False) in edges
    found = cycles(edges, "module")
    assert found == [
        "module cycle alpha.mode -> alpha.view -> alpha.mode"
        " [not at import time: lazy, by-name or type-only edges]\n"
        "    alpha.mode -> alpha.view (alpha/mode.py:3, lazy)\n"
        "    alpha.view -> alpha.mode (alpha/view.py:1)",
        "module cycle alpha.types -> beta.core -> alpha.types"
        " [not at import time: lazy, by-name or type-only edges]\n"
        "    alpha.types -> beta.core (alpha/types.py:3, type-only)\n"
        "    beta.core -> alpha.types (beta/core.py:1)",
    ]
    assert [c.splitlines()[0] for c in cycles(edges, "package")] == [
        "package cycle alpha -> beta -> alpha"
        " [not at import time: lazy, by-name or type-only edges]"
    ]


def test_checker_sees_registries_by_name_but_not_programs_started_with_dash_m(tmp_path):
    packages = _tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/cli.py": 'COMMANDS = {"go": "tool.cmd"}\nMODES = ["app.mode:Mode"]\n',
            "app/mode.py": "import subprocess, sys\n"
            "subprocess.run([sys.executable, '-m', 'tool.cmd'])\n",
            "tool/__init__.py": "",
            "tool/cmd.py": "from ..app import cli\n",
        },
    )
    edges = import_edges(packages, repo=tmp_path)
    internal = {(e.source, e.target, e.kind) for e in edges if e.internal}
    assert internal == {
        ("app.cli", "tool.cmd", BY_NAME),
        ("app.cli", "app.mode", BY_NAME),
        ("tool.cmd", "app.cli", EAGER),  # a relative import, resolved
    }
    assert {e.target for e in edges if e.source == "app.mode"} == {"subprocess", "sys"}


def test_forbidden_dependencies_name_the_rule_and_the_import():
    edge = Edge("concierge_navigation.site_map", "concierge_sim.world", "x.py:7", LAZY)
    fine = Edge("concierge_navigation.site_map", "concierge_content.places", "x.py:8", EAGER)
    assert forbidden([edge, fine], FORBIDDEN) == [
        "concierge_navigation must not import concierge_sim (navigation must never depend on "
        "the simulator): concierge_navigation.site_map -> concierge_sim.world (x.py:7, lazy)"
    ]
