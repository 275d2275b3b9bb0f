from setuptools import find_packages, setup

package_name = "concierge_paging"

setup(
    name=package_name,
    version="0.1.0",
    packages=find_packages(exclude=["test"]),
    package_data={package_name: ["static/*.html", "static/*.css", "static/*.js"]},
    data_files=[
        ("share/ament_index/resource_index/packages", [f"resource/{package_name}"]),
        (f"share/{package_name}", ["package.xml", "README.md"]),
    ],
    install_requires=["setuptools"],
    zip_safe=False,
    description="Staff paging over HTTP: paging service, staff web page and the robot's client",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "paging_service = concierge_paging.node:main",
        ]
    },
)
