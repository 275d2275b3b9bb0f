"""Dialog engine: Korean-first intent and slot understanding over content/ (plain Python, no
ROS). dialog_node (concierge_robot) and the recogniser (concierge_speech) both use it."""
