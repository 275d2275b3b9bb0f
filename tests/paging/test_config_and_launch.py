"""Settings from ROS arguments, params files and the environment; the service as a launch node."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from concierge_bringup.cli import main as concierge
from concierge_bringup.stack import Stack
from concierge_paging.client import PagingClient, PagingUnavailable
from concierge_paging.config import ConfigError, default_params_file, load_config
from concierge_paging.node import main as paging_service
from concierge_paging.rosargs import RosArgsError, parse_ros_args

from tests.docdrop.conftest import free_port, wait_for

REPO = Path(__file__).resolve().parents[2]


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_ros_arguments_rename_the_node_and_set_typed_parameters(tmp_path):
    params = write(
        tmp_path / "p.yaml",
        """
        /**:
          ros__parameters: {use_sim_time: true, port: 9000, other_nodes_setting: 1}
        pager_b:
          ros__parameters: {refresh_s: 0.5}
        """,
    )
    ros = parse_ros_args(
        ["--ros-args", "-r", "__node:=pager_b", "-p", "port:=9100", "--params-file", str(params)]
        + ["--log-level", "warn", "-p", "host:=0.0.0.0"],
        "paging_service",
    )
    assert ros.node_name == "pager_b" and ros.other == []
    assert [(p.name, p.value, p.strict) for p in ros.params] == [
        ("use_sim_time", True, False),
        ("port", 9000, False),
        ("other_nodes_setting", 1, False),
        ("refresh_s", 0.5, True),
        ("port", 9100, True),  # -p wins over the file, wherever it stands
        ("host", "0.0.0.0", True),
    ]
    cfg = load_config(ros.params_files, ros.params, env={}, node_name=ros.node_name)
    assert (cfg.port, cfg.host, cfg.refresh_s) == (9100, "0.0.0.0", 0.5)
    assert cfg.base_url.endswith("127.0.0.1:9100")  # a wildcard listener is reached locally


def test_settings_order_is_file_then_environment_then_options(tmp_path):
    file = write(tmp_path / "p.yaml", "paging_service:\n  ros__parameters: {port: 9001}\n")
    assert load_config([file], env={}).port == 9001
    assert load_config([file], env={"PAGING_PORT": "9002"}).port == 9002
    assert load_config([file], env={"PAGING_PORT": "9002"}, port=9003).port == 9003
    cfg = load_config([], env={"PAGING_DB_URL": "postgresql+psycopg://u:p@db/paging"})
    assert cfg.database_url == "postgresql+psycopg://u:p@db/paging"


def test_the_shipped_params_file_is_valid_and_matches_the_defaults():
    assert default_params_file() == REPO / "launch" / "params" / "paging.yaml"
    cfg = load_config(env={})
    assert (cfg.host, cfg.port, cfg.site) == ("127.0.0.1", 8760, "city_hall")
    assert cfg.db_path.name == "paging.db" and cfg.db_path.parent.name == "paging"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--ros-args", "-p", "port:=70000"], "-p: port=70000: Input should be less than"),
        (["--ros-args", "-p", "prot:=1"], "-p: unknown paging setting 'prot'"),
        (["--ros-args", "-p", "port"], "expected name:=value"),
        (["--ros-args", "--frobnicate"], "unknown ROS argument '--frobnicate'"),
        (["--port", "1"], "unexpected arguments ['--port', '1']"),
        (["--ros-args", "--params-file", "/nonexistent.yaml"], "cannot read params file"),
    ],
)
def test_bad_arguments_exit_2_with_one_clear_line(argv, message, capsys):
    assert paging_service(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("paging_service: ") and message in err


def test_a_typo_in_this_nodes_params_section_is_an_error(tmp_path):
    bad = write(tmp_path / "p.yaml", "paging_service:\n  ros__parameters: {refresh: 1}\n")
    with pytest.raises(ConfigError, match=r"p.yaml: unknown paging setting 'refresh'"):
        load_config([bad], env={})
    with pytest.raises(RosArgsError, match="has no ros__parameters"):
        load_config([write(tmp_path / "q.yaml", "paging_service: {port: 1}\n")], env={})


def test_the_launch_runner_starts_and_stops_the_service(tmp_path, monkeypatch):
    """The node entry the launch file gets, run by our launch runner (one process per node)."""
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path / "var"))
    port, db = free_port(hold=False), tmp_path / "pages" / "paging.db"  # the node binds it
    launch = write(
        tmp_path / "paging.launch.yaml",
        f"""
        launch:
        - node:
            pkg: concierge_paging
            exec: paging_service
            name: paging_service
            param:
            - {{from: "{REPO}/launch/params/paging.yaml"}}
            - {{name: port, value: "{port}"}}
            - {{name: db, value: "{db}"}}
        """,
    )
    client = PagingClient(f"http://127.0.0.1:{port}", timeout_s=1.0)
    with Stack(launch, log_dir=tmp_path / "logs") as stack:

        def up() -> bool:
            stack.check()  # a crashed service fails the test with its log
            try:
                return client.health()["ok"]
            except PagingUnavailable:
                return False

        wait_for(up, 30, "paging_service to answer")
        page = client.page("call-launch", "saebit_office", "park_jungho")
        assert page.status == "open"
    assert stack.process("paging_service").returncode == 0  # SIGINT: a clean stop
    assert db.is_file()
    with pytest.raises(PagingUnavailable, match="connection refused"):
        client.health()
    client.close()


def test_concierge_paging_check_says_up_or_down(paging, capsys):
    assert concierge(["paging", "check", "--url", paging.url]) == 0
    assert '"ok": true' in capsys.readouterr().out
    closed = f"http://127.0.0.1:{free_port()}"
    assert concierge(["paging", "check", "--url", closed, "--timeout", "0.5"]) == 1
    assert "connection refused" in capsys.readouterr().err
