from setuptools import find_packages, setup

package_name = "concierge_speech"

setup(
    name=package_name,
    version="0.1.0",
    packages=find_packages(exclude=["test"]),
    package_data={package_name: ["model_checksums.json"]},
    data_files=[
        ("share/ament_index/resource_index/packages", [f"resource/{package_name}"]),
        (f"share/{package_name}", ["package.xml"]),
    ],
    install_requires=["setuptools"],
    zip_safe=False,
    description="Speech to text (vosk) and text to speech (espeak-ng) nodes",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "stt_node = concierge_speech.stt_node:main",
            "tts_node = concierge_speech.tts_node:main",
        ]
    },
)
