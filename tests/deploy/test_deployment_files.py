"""The Docker/Gazebo column cannot run here; check what can be checked: every file it names
exists, every YAML parses, and the embedded launch files load with the same params."""

from __future__ import annotations

import re

import yaml
from concierge_content.paths import repo_root

ROOT = repo_root()


def _dirname_paths(launch_file):
    text = launch_file.read_text().replace("$(var site)", "city_hall")
    for rel in re.findall(r"\$\(dirname\)/([^\"\s}]+)", text):
        yield (launch_file.parent / rel).resolve()


def test_gazebo_launch_names_only_files_that_exist():
    launch = ROOT / "launch/gazebo/city_hall.launch.yaml"
    doc = yaml.safe_load(launch.read_text())
    kinds = [next(iter(item)) for item in doc["launch"]]
    assert kinds.count("include") >= 2 and "node" in kinds
    missing = [p for p in _dirname_paths(launch) if not p.exists()]
    assert not missing, missing


def test_gz_bridge_topics_are_well_formed():
    bridges = yaml.safe_load((ROOT / "launch/gazebo/gz_bridge.yaml").read_text())
    names = {b["ros_topic_name"] for b in bridges}
    assert {"/clock", "/cmd_vel", "/odom", "/scan", "/battery_state"} <= names
    for b in bridges:
        assert b["direction"] in ("GZ_TO_ROS", "ROS_TO_GZ", "BIDIRECTIONAL")
        assert "/msg/" in b["ros_type_name"] and b["gz_type_name"].startswith("gz.msgs.")


def test_nav2_params_configure_every_server_nav2_bringup_starts():
    params = yaml.safe_load((ROOT / "launch/params/nav2_params.yaml").read_text())
    for server in (
        "bt_navigator",
        "controller_server",
        "planner_server",
        "behavior_server",
        "waypoint_follower",
        "velocity_smoother",
        "smoother_server",
        "docking_server",
    ):
        assert "ros__parameters" in params[server], server
    docking = params["docking_server"]["ros__parameters"]
    assert "charging_dock" in docking["docks"]


def test_dockerfile_uses_files_that_exist():
    text = (ROOT / "Dockerfile").read_text()
    for rel in (
        "setup/apt",
        "requirements/docker-exclude.txt",
        "launch/gazebo/city_hall.launch.yaml",
        "launch/dds/fastdds.xml",
    ):
        assert rel in text
        assert (ROOT / rel).exists(), rel


def test_the_dds_profile_forgets_a_dead_node_within_seconds():
    """launch/dds/fastdds.xml is the default participant profile, with a lease shorter than the
    lockstep's 5 s (a killed navigator is noticed in seconds, not Fast DDS's default 20 s)."""
    import xml.etree.ElementTree as ET

    ns = {"f": "http://www.eprosima.com/XMLSchemas/fastRTPS_Profiles"}
    root = ET.parse(ROOT / "launch" / "dds" / "fastdds.xml").getroot()
    (part,) = root.findall("f:participant", ns)
    assert part.get("is_default_profile") == "true"
    disc = part.find("f:rtps/f:builtin/f:discovery_config", ns)
    lease = int(disc.find("f:leaseDuration/f:sec", ns).text)
    announce = int(disc.find("f:leaseAnnouncement/f:sec", ns).text)
    assert 0 < announce < lease < 5
