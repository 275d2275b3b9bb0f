from glob import glob

from setuptools import find_packages, setup

package_name = "concierge_sim"

setup(
    name=package_name,
    version="0.1.0",
    packages=find_packages(exclude=["test", "tools"]),
    data_files=[
        ("share/ament_index/resource_index/packages", [f"resource/{package_name}"]),
        (f"share/{package_name}", ["package.xml"]),
        (f"share/{package_name}/worlds", glob("worlds/*.sdf")),
        (f"share/{package_name}/maps", glob("maps/*")),
        (f"share/{package_name}/scenarios", glob("scenarios/*.yaml")),
    ]
    + [
        (f"share/{package_name}/models/{name}", glob(f"models/{name}/*"))
        for name in ("concierge_robot", "charging_dock")
    ],
    install_requires=["setuptools"],
    zip_safe=True,
    description="Headless 2D simulator built from the SDF worlds; Gazebo worlds and models",
    license="Apache-2.0",
    entry_points={"console_scripts": ["sim_node = concierge_sim.sim_node:main"]},
)
