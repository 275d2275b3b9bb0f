from setuptools import find_packages, setup

package_name = "concierge_navigation"

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
    description="Embedded Nav2 stand-in: costmap, planner, controller, recoveries, docking",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "navigator = concierge_navigation.navigator_node:main",
        ]
    },
)
