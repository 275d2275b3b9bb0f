"""The YAML launch reader resolves args, includes, params and substitutions like ros2 launch."""

from __future__ import annotations

import textwrap

import pytest
from concierge_bringup.launch_cmd import parse_launch_args
from concierge_bringup.launch_file import LaunchError, load_launch


def write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_args_include_params_and_remaps_resolve(tmp_path):
    write(tmp_path / "params.yaml", "/**:\n  ros__parameters: {a: 1}\n")
    write(
        tmp_path / "inner.launch.yaml",
        """
        launch:
        - arg: {name: who, default: nobody}
        - node:
            pkg: concierge_robot
            exec: mission_manager
            name: mm_$(var who)
            param:
            - {from: "$(dirname)/params.yaml"}
            - {name: site, value: "$(var who)"}
            remap:
            - {from: /odom, to: /robot/odom}
        """,
    )
    write(
        tmp_path / "outer.launch.yaml",
        """
        launch:
        - arg: {name: site, default: city_hall}
        - arg: {name: with_extra, default: "false"}
        - include:
            file: "$(dirname)/inner.launch.yaml"
            arg: [{name: who, value: "$(var site)"}]
        - node: {pkg: concierge_robot, exec: mission_manager, name: extra, if: "$(var with_extra)"}
        """,
    )
    nodes = load_launch(tmp_path / "outer.launch.yaml", {"site": "arboretum"})
    assert [n.name for n in nodes] == ["mm_arboretum"]
    cmd = nodes[0].command()
    assert "__node:=mm_arboretum" in cmd
    assert "site:=arboretum" in cmd
    assert "/odom:=/robot/odom" in cmd
    assert str(tmp_path / "params.yaml") in cmd
    both = load_launch(tmp_path / "outer.launch.yaml", {"with_extra": "true"})
    assert [n.name for n in both] == ["mm_city_hall", "extra"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("launch:\n- node: {pkg: nope_pkg, exec: x}\n", "not installed"),
        ("launch:\n- node: {pkg: concierge_robot, exec: nope}\n", "no executable"),
        ("launch:\n- node: {exec: x}\n", "needs 'pkg'"),
        (
            "launch:\n- node: {pkg: concierge_robot, exec: mission_manager, name: $(var z)}\n",
            "not declared",
        ),
        ("launch:\n- arg: {name: must}\n", "required"),
        ("launch: [\n", "not valid YAML"),
        ("nodes: []\n", "top-level 'launch:'"),
        ("launch:\n- timer: {period: 1}\n", "unsupported launch entry"),
    ],
)
def test_bad_launch_files_are_clear_errors(tmp_path, text, message):
    path = write(tmp_path / "bad.launch.yaml", text)
    with pytest.raises(LaunchError, match=message):
        for node in load_launch(path):
            node.command()


def test_launch_args_must_be_name_value():
    assert parse_launch_args(["site:=arboretum", "rtf:=5"]) == {"site": "arboretum", "rtf": "5"}
    with pytest.raises(ValueError, match="name:=value"):
        parse_launch_args(["site=arboretum"])


def test_an_empty_parameter_value_reaches_the_node_as_an_empty_string(tmp_path):
    write(
        tmp_path / "empty.launch.yaml",
        """
        launch:
        - node:
            pkg: concierge_robot
            exec: mission_manager
            name: mm
            param: [{name: paging_url, value: ""}]
        """,
    )
    [spec] = load_launch(tmp_path / "empty.launch.yaml", {})
    cmd = spec.command()
    assert cmd[cmd.index("paging_url:=''") - 1] == "-p"  # rcl refuses a bare 'paging_url:='


def test_eval_compares_literals_and_refuses_anything_else(tmp_path):
    write(
        tmp_path / "n.launch.yaml",
        """
        launch:
        - arg: {name: robots, default: "2"}
        - node: {pkg: concierge_robot, exec: mission_manager, name: a,
                 if: "$(eval '$(var robots) >= 1')"}
        - node: {pkg: concierge_robot, exec: mission_manager, name: c,
                 if: "$(eval '$(var robots) >= 3')"}
        - node: {pkg: concierge_robot, exec: mission_manager, name: "n$(eval $(var robots) * 2)"}
        """,
    )
    assert [n.name for n in load_launch(tmp_path / "n.launch.yaml")] == ["a", "n4"]
    assert [n.name for n in load_launch(tmp_path / "n.launch.yaml", {"robots": "3"})] == [
        "a",
        "c",
        "n6",
    ]
    bad = write(
        tmp_path / "bad.launch.yaml",
        """
        launch:
        - node: {pkg: concierge_robot, exec: mission_manager, name: "$(eval os.sep)"}
        """,
    )
    with pytest.raises(LaunchError, match="only literals"):
        load_launch(bad)


def test_the_fleet_launch_starts_each_robots_nodes_under_its_namespace_from_content():
    from concierge_content.paths import repo_root
    from concierge_content.places import load_places

    fleet = [r.namespace for r in load_places("city_hall").fleet]
    launch = repo_root() / "launch" / "city_hall_fleet.launch.yaml"
    for count in range(1, len(fleet) + 1):
        nodes = load_launch(launch, {"robots": str(count)})
        robots = [n.namespace for n in nodes if n.namespace]
        assert robots == [ns for ns in fleet[:count] for _ in range(2)]  # navigator + mission
        assert {n.full_name for n in nodes if n.namespace} == {
            f"{ns}/{name}" for ns in fleet[:count] for name in ("navigator", "mission_manager")
        }
        sim = next(n for n in nodes if n.name == "sim")
        assert ("sites", f"city_hall:{count},arboretum:0") in sim.params
        mission = [n for n in nodes if n.name == "mission_manager"]
        assert [dict(n.params)["robot_name"] for n in mission] == fleet[:count]
    # the arboretum's docent joins the same simulation, with its own site's content
    (docent,) = [r.namespace for r in load_places("arboretum").fleet]
    nodes = load_launch(launch, {"robots": "2", "arboretum": "1"})
    sim = next(n for n in nodes if n.name == "sim")
    assert ("sites", "city_hall:2,arboretum:1") in sim.params
    theirs = [n for n in nodes if n.namespace.strip("/") == docent]
    assert sorted(n.name for n in theirs) == ["mission_manager", "navigator"]
    assert all(dict(n.params)["site"] == "arboretum" for n in theirs)


def test_a_namespace_is_made_fully_qualified_as_ros2_launch_does(tmp_path):
    write(
        tmp_path / "ns.launch.yaml",
        """
        launch:
        - node: {pkg: concierge_robot, exec: mission_manager, name: mm, namespace: robot1}
        """,
    )
    (node,) = load_launch(tmp_path / "ns.launch.yaml")
    assert "__ns:=/robot1" in node.command() and node.full_name == "robot1/mm"
