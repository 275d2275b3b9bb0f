"""`paging_service`: the paging service as a launch-file node. It takes the ROS arguments a
launch file gives: `--ros-args -r __node:=… -p port:=8760 --params-file <params>.yaml`.

It is not a ROS node (no rclpy, no ROS clock): the robot keeps the escalation timing.
"""

from __future__ import annotations

import sys

from concierge_paging.config import NODE_NAME, ConfigError, load_config
from concierge_paging.rosargs import RosArgsError, parse_ros_args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        ros = parse_ros_args(argv, NODE_NAME)
        if ros.other:
            raise RosArgsError(f"unexpected arguments {ros.other} (settings go after --ros-args)")
        cfg = load_config(
            params_files=ros.params_files or None,
            params=ros.params,
            node_name=ros.node_name,
            namespace=ros.namespace,
        )
    except (RosArgsError, ConfigError) as exc:
        print(f"paging_service: {exc}", file=sys.stderr)
        return 2
    from concierge_paging.server import serve

    serve(cfg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
