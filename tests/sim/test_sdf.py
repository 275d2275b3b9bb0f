"""The SDF worlds and models are valid SDF 1.9 that Gazebo Harmonic can load.

Two checks: libsdformat itself (the parser Gazebo uses; warnings and unknown elements are
errors), compiled once from sim/tools/sdf_check.cc; and our own structural rules.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from concierge_sim.sdf import NS, SdfError, parse_sdf

SIM = Path(__file__).resolve().parents[2] / "sim"
WORLDS = sorted((SIM / "worlds").glob("*.sdf"))
MODELS = sorted((SIM / "models").glob("*/model.sdf"))
HARMONIC_SYSTEMS = {
    "gz-sim-physics-system": "gz::sim::systems::Physics",
    "gz-sim-user-commands-system": "gz::sim::systems::UserCommands",
    "gz-sim-scene-broadcaster-system": "gz::sim::systems::SceneBroadcaster",
    "gz-sim-sensors-system": "gz::sim::systems::Sensors",
    "gz-sim-diff-drive-system": "gz::sim::systems::DiffDrive",
    "gz-sim-joint-state-publisher-system": "gz::sim::systems::JointStatePublisher",
}
# Elements Gazebo Harmonic (sdformat14, which converts 1.9 files up to 1.11) defines but the
# SDF 1.9 parser here (sdformat12) does not know yet: the lidar's ROS frame id.
NEWER_THAN_1_9 = ("Element[gz_frame_id], child of element[sensor]",)
SHAPES = {"box": ["size"], "cylinder": ["radius", "length"], "sphere": ["radius"], "plane": []}


def _sdf_checker(tmp_path_factory) -> Path:
    src = SIM / "tools" / "sdf_check.cc"
    if not shutil.which("g++") or not shutil.which("pkg-config"):
        pytest.skip("needs g++ and pkg-config (setup/apt/base.txt, optional/sim.txt)")
    flags = subprocess.run(
        ["pkg-config", "--cflags", "--libs", "sdformat12"], capture_output=True, text=True
    )
    if flags.returncode != 0:
        pytest.skip("needs libsdformat-dev 12 (setup/apt/optional/sim.txt)")
    from concierge_content.paths import cache_root

    digest = hashlib.sha256(src.read_bytes() + flags.stdout.encode()).hexdigest()[:12]
    exe = cache_root() / "sim" / f"sdf_check_{digest}"
    if not exe.exists():
        exe.parent.mkdir(parents=True, exist_ok=True)
        tmp = exe.with_name(exe.name + f".{os.getpid()}")
        subprocess.run(
            ["g++", "-std=c++17", "-O1", str(src), *flags.stdout.split(), "-o", str(tmp)],
            check=True,
            timeout=300,
        )
        tmp.replace(exe)
    return exe


def test_libsdformat_loads_every_world_and_model_without_errors_or_warnings(tmp_path_factory):
    exe = _sdf_checker(tmp_path_factory)
    env = os.environ | {"SDF_PATH": str(SIM / "models")}
    files = [str(p) for p in WORLDS + MODELS]
    run = subprocess.run([str(exe), *files], capture_output=True, text=True, env=env, timeout=300)
    errors = [
        line
        for line in run.stdout.splitlines()
        if line.strip()
        and "ok, SDF 1.9" not in line
        and not any(allowed in line for allowed in NEWER_THAN_1_9)
    ]
    assert not errors, errors
    loaded = [line.split(":")[0] for line in run.stdout.splitlines() if "ok, SDF 1.9" in line]
    # The robot model reports only the allowed newer element; every other file loads clean.
    assert set(files) - set(loaded) <= {str(SIM / "models" / "concierge_robot" / "model.sdf")}


def test_libsdformat_check_catches_a_typo(tmp_path_factory, tmp_path):
    exe = _sdf_checker(tmp_path_factory)
    bad = tmp_path / "bad.sdf"
    text = (SIM / "models" / "charging_dock" / "model.sdf").read_text()
    bad.write_text(text.replace("<static>", "<statik>").replace("</static>", "</statik>"))
    run = subprocess.run([str(exe), str(bad)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "statik" in run.stdout


@pytest.mark.parametrize("path", WORLDS + MODELS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_structure_names_geometry_and_plugins(path):
    root = ET.parse(path).getroot()
    assert root.tag == "sdf" and root.get("version") == "1.9"
    problems = []
    for parent in root.iter():
        for tag in ("model", "link", "collision", "visual", "joint", "sensor", "include"):
            names = [c.get("name") or c.findtext("name") for c in parent.findall(tag)]
            if tag != "include" and any(not n for n in names):
                problems.append(f"unnamed <{tag}> in <{parent.tag}>")
            dupes = {n for n in names if n and names.count(n) > 1}
            if dupes:
                problems.append(f"duplicate {tag} names {sorted(dupes)} in <{parent.tag}>")
    for geo in root.iter("geometry"):
        kids = list(geo)
        if len(kids) != 1 or kids[0].tag not in SHAPES:
            problems.append(f"geometry must hold one of {sorted(SHAPES)}")
            continue
        for field in SHAPES[kids[0].tag]:
            values = (kids[0].findtext(field) or "").split()
            if not values or any(float(v) <= 0 for v in values):
                problems.append(f"{kids[0].tag} needs positive <{field}>")
    for plugin in root.iter("plugin"):
        fn, name = plugin.get("filename"), plugin.get("name")
        if HARMONIC_SYSTEMS.get(fn) != name:
            problems.append(f"plugin {fn}/{name} is not a Gazebo Harmonic system we know")
    for el in root.iter():
        if el.tag.startswith("{") and not el.tag.startswith("{" + NS + "}"):
            problems.append(f"custom element {el.tag} outside the concierge namespace")
    assert not problems, problems


def test_robot_model_drives_differentially_and_has_a_360_beam_lidar():
    model = ET.parse(SIM / "models" / "concierge_robot" / "model.sdf").getroot().find("model")
    joints = {j.get("name"): j for j in model.findall("joint")}
    links = {link.get("name") for link in model.findall("link")}
    dd = next(p for p in model.iter("plugin") if p.get("filename") == "gz-sim-diff-drive-system")
    for side in ("left_joint", "right_joint"):
        joint = joints[dd.findtext(side)]
        assert joint.get("type") == "revolute"
        assert {joint.findtext("parent"), joint.findtext("child")} <= links
    assert float(dd.findtext("max_linear_velocity")) == pytest.approx(1.0)
    lidar = next(model.iter("sensor"))
    assert lidar.get("type") == "gpu_lidar"
    assert lidar.findtext("lidar/scan/horizontal/samples") == "360"
    assert lidar.findtext("topic") == "scan"
    world = ET.parse(WORLDS[0]).getroot().find("world")
    sensors = [p for p in world.findall("plugin") if p.get("filename") == "gz-sim-sensors-system"]
    assert sensors, "gpu_lidar needs the Sensors system in the world"


def test_every_world_has_floor_dock_robot_and_zones():
    for path in WORLDS:
        sdf = parse_sdf(path)
        assert sdf.floor and sdf.dock_face and sdf.keepout and sdf.speed_zones
        uris = [i.findtext("uri") for i in ET.parse(path).getroot().iter("include")]
        assert "model://concierge_robot" in uris and "model://charging_dock" in uris


def test_parser_rejects_geometry_it_cannot_map(tmp_path):
    bad = tmp_path / "w.sdf"
    bad.write_text(
        '<sdf version="1.9"><world name="w"><model name="ground_floor"><link name="l">'
        "<collision name='c'><geometry><box><size>10 10 0.1</size></box></geometry>"
        "</collision></link></model><model name='m'><link name='l'><collision name='c'>"
        "<geometry><mesh><uri>x.dae</uri></mesh></geometry></collision></link></model>"
        "</world></sdf>"
    )
    with pytest.raises(SdfError, match="m/l/c"):
        parse_sdf(bad)
