"""Staff paging over HTTP: the paging service the launch file starts, and the robot's client."""
