from setuptools import find_packages, setup

package_name = "concierge_robot"

setup(
    name=package_name,
    version="0.1.0",
    packages=find_packages(exclude=["test"]),
    data_files=[
        ("share/ament_index/resource_index/packages", [f"resource/{package_name}"]),
        (f"share/{package_name}", ["package.xml"]),
    ],
    install_requires=["setuptools"],
    zip_safe=True,
    description="Missions, dialog, people and staff paging for the concierge robots",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "mission_manager = concierge_robot.mission_manager_node:main",
            "dialog_node = concierge_robot.dialog_node:main",
        ]
    },
)
