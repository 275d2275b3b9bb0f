from setuptools import find_packages, setup

package_name = "concierge_dialog"

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
    description="Dialog engine: utterance -> intent, slots and reply over content/ (no ROS)",
    license="Apache-2.0",
)
